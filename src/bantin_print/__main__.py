import sys

from bantin_print.cli import main

sys.exit(main())
