from printprog.cli import main_entry

main_entry()
