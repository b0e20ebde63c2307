#!/usr/bin/env python
"""Django's manage.py; `qamqor` (the console command) does the same."""

from qamqor.cli import main

if __name__ == "__main__":
    main()
