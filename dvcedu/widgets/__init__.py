"""Thin ipywidgets views for the notebooks; all logic lives in the layers below.

Needs the notebook extras: ``pip install 'dvcedu[notebook]'``.
"""
