"""The reviewer's view and the years after approval (issue 21): the review report of a
letter (cards, claim map, needs review), approval lock files and the watch over them.
Nothing below ``review/`` imports it: it reads the check's results and the letter."""
