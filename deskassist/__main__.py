"""python -m deskassist: hands over to the command line."""

from deskassist.cli import main

if __name__ == "__main__":
    main()
