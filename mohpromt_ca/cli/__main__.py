from mohpromt_ca.cli import main

main(prog_name="mohpromt-ca")
