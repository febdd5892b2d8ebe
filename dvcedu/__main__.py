import sys

from dvcedu.cli import main

sys.exit(main())
