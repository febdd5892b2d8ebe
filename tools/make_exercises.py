"""Print the (salt, hash) pair of every answer in tools/exercise_answers.toml."""

import hashlib
import secrets
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dvcedu.exercises import EXERCISES, normalize

answers = tomllib.loads((Path(__file__).parent / "exercise_answers.toml").read_text())
for exercise_id, answer in answers.items():
    known = EXERCISES.get(exercise_id)
    salt = known.salt if known else secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{normalize(answer)}".encode()).hexdigest()
    print(f'{exercise_id!r}: ("{salt}", "{digest}"),')
