"""``python -m dbnamelint``: the same command line as the ``dbnamelint`` script."""

from dbnamelint.cli import main

if __name__ == "__main__":
    main()
