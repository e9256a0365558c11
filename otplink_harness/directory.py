"""A large organization's directory: 50,000 members in 2,000 mailing lists nested three deep.

`all@DOMAIN` holds 40 groups; each group holds 49 teams and 25 members; each team 25 members. Used by
part 4 of `make check` (timing on a large directory) and by `make bench` (challenges on it).
"""


def big_directory(domain: str = "corp.example", lists: int = 2000, per_list: int = 25) -> dict:
    teams = [f"team{n}@{domain}" for n in range(lists - 41)]
    groups = [f"group{n}@{domain}" for n in range(40)]
    members = [f"m{n}@{domain}" for n in range(lists * per_list)]
    entries = [{"address": f"all@{domain}", "members": groups}]
    for index, group in enumerate(groups):
        entries.append({"address": group, "members": teams[index::40] + members[index * per_list:(index + 1) * per_list]})
    for index, team in enumerate(teams):
        start = (40 + index) * per_list
        entries.append({"address": team, "members": members[start:start + per_list]})
    return {"domains": [domain], "members": members, "lists": entries}
