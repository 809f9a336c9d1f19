"""Documents: number the citations of a letter, and check the numbers of a finished one."""
