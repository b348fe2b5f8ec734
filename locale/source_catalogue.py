"""Vietnamese is the source language: its catalogue translates each message
to itself. Rewrites a .po file so that every msgstr equals its msgid (plural
forms take msgid) and no entry, the header included, is fuzzy."""
import sys

ADMIN_OVERRIDE = "override of a Django admin string"


def _string_lines(lines, start):
    """The quoted lines of the keyword at `start` and the index after them."""
    collected = [lines[start].split(" ", 1)[1]]
    index = start + 1
    while index < len(lines) and lines[index].startswith('"'):
        collected.append(lines[index])
        index += 1
    return collected, index


def fix(entry):
    lines = [line for line in entry.split("\n") if line.strip() != "#, fuzzy"]
    lines = [line.replace(", fuzzy", "") if line.startswith("#,") else line for line in lines]
    starts = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
    if not starts:
        return "\n".join(lines)
    if any(line.startswith("#.") and ADMIN_OVERRIDE in line for line in lines):
        return "\n".join(lines)  # Django's English msgid, translated by the project (core/admin_strings.py)
    msgid, _end = _string_lines(lines, starts[0])
    if msgid == ['""']:  # the header
        return "\n".join(lines).replace('"Language: \\n"', '"Language: vi\\n"')
    first_str = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
    keyword = "msgstr[0]" if lines[first_str].startswith("msgstr[") else "msgstr"
    return "\n".join(lines[:first_str] + [f"{keyword} {msgid[0]}"] + msgid[1:])


def main(path):
    with open(path, encoding="utf-8") as handle:
        entries = handle.read().rstrip("\n").split("\n\n")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(fix(entry) for entry in entries) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
