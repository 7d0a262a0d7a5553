#!/usr/bin/env python3
"""Regenerates IotEsim.sln (desktop .csproj, nanoFramework .nfproj and shared .shproj projects,
grouped in solution folders by part) and IotEsim.Desktop.slnf (the .csproj subset that
`dotnet build`/`dotnet test` can build where nanoFramework packages are unavailable).

Run after adding or removing a project: python3 build/sync-solution.py
tests/IotEsim.Tests/Build/SolutionDriftTests checks that both files match the tree.
"""
import os, uuid, hashlib, json

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
KINDS = {".csproj": "9A19103F-16F7-4668-BE54-9A1E7A4F7556",
         ".nfproj": "11A8DD76-328B-46DF-9F39-F559912D0360",
         ".shproj": "D954291E-2A0B-460D-934E-DC6B0785DB48"}
FOLDER = "2150E333-8FDC-42A3-9474-1A3956D46DE8"
SKIP = {"artifacts", ".git", "bin", "obj", "node_modules"}

def gid(s):
    return str(uuid.UUID(hashlib.md5(s.encode()).hexdigest())).upper()

def projects():
    found = []
    for d, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(x for x in dirs if x not in SKIP and not x.startswith("."))
        for f in sorted(files):
            ext = os.path.splitext(f)[1]
            if ext in KINDS:
                found.append(os.path.relpath(os.path.join(d, f), ROOT).replace(os.sep, "/"))
    return found

def main():
    projs = projects()
    lines = ["", "Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17",
             "VisualStudioVersion = 17.0.31903.59", "MinimumVisualStudioVersion = 10.0.40219.1"]
    folders = {}
    nest = []
    for p in projs:
        top = p.split("/")[0]
        if top not in folders:
            folders[top] = gid("folder:" + top)
            lines += [f'Project("{{{FOLDER}}}") = "{top}", "{top}", "{{{folders[top]}}}"', "EndProject"]
    for p in projs:
        name, ext = os.path.splitext(os.path.basename(p))
        # Project names must be unique in a solution; the three builds of one part share a base name.
        name += {".csproj": "", ".nfproj": " (nanoFramework)", ".shproj": " (shared)"}[ext]
        g = gid("proj:" + p)
        lines += [f'Project("{{{KINDS[ext]}}}") = "{name}", "{p.replace("/", chr(92))}", "{{{g}}}"', "EndProject"]
        nest.append((g, folders[p.split("/")[0]]))
    lines += ["Global", "\tGlobalSection(SolutionConfigurationPlatforms) = preSolution",
              "\t\tDebug|Any CPU = Debug|Any CPU", "\t\tRelease|Any CPU = Release|Any CPU", "\tEndGlobalSection",
              "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution"]
    for p in projs:
        ext = os.path.splitext(p)[1]
        if ext == ".shproj":
            continue
        g = gid("proj:" + p)
        for c in ("Debug", "Release"):
            lines.append(f"\t\t{{{g}}}.{c}|Any CPU.ActiveCfg = {c}|Any CPU")
            lines.append(f"\t\t{{{g}}}.{c}|Any CPU.Build.0 = {c}|Any CPU")
            if ext == ".nfproj":
                lines.append(f"\t\t{{{g}}}.{c}|Any CPU.Deploy.0 = {c}|Any CPU")
    lines += ["\tEndGlobalSection", "\tGlobalSection(SolutionProperties) = preSolution",
              "\t\tHideSolutionNode = FALSE", "\tEndGlobalSection", "\tGlobalSection(NestedProjects) = preSolution"]
    for g, f in nest:
        lines.append(f"\t\t{{{g}}} = {{{f}}}")
    lines += ["\tEndGlobalSection", "EndGlobal", ""]
    open(os.path.join(ROOT, "IotEsim.sln"), "w", newline="\r\n").write("\n".join(lines))
    slnf = {"solution": {"path": "IotEsim.sln",
                         "projects": [p.replace("/", "\\") for p in projs if p.endswith(".csproj")]}}
    open(os.path.join(ROOT, "IotEsim.Desktop.slnf"), "w").write(json.dumps(slnf, indent=2) + "\n")

if __name__ == "__main__":
    main()
