from . import main

main(prog_name="mohpromt-ca")
