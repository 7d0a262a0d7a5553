#!/usr/bin/env python3
"""Generates the project quartet for a portable IotEsim part.

One portable part = a shared project (.shproj + .projitems, the source list) imported by a desktop
.csproj (net10.0) and a nanoFramework .nfproj with its packages.config. Run by hand when adding a
part; the drift tests in tests/IotEsim.Tests/Build keep the generated files honest afterwards.

usage: build/nfpackages.py DIR NAME ROOTNS kind(lib|exe|test) PKG[,PKG...] [--exclude SUBDIR,...] [--projref path.csproj,...] [--import projitems,...]
"""
import sys, os, uuid, hashlib

# Stable 1.x versions (latest release tags; see ../shared/nanoframework-api/README.md) and the
# assembly each package ships.
PACKAGES = {
    "nanoFramework.CoreLibrary": ("1.17.11", "mscorlib"),
    "nanoFramework.System.Text": ("1.3.42", "nanoFramework.System.Text"),
    "nanoFramework.System.Collections": ("1.5.75", "nanoFramework.System.Collections"),
    "nanoFramework.System.IO.Streams": ("1.1.96", "System.IO.Streams"),
    "nanoFramework.System.Math": ("1.5.116", "System.Math"),
    "nanoFramework.System.Security.Cryptography": ("1.0.38", "System.Security.Cryptography"),
    "nanoFramework.Runtime.Native": ("1.7.11", "nanoFramework.Runtime.Native"),
    "nanoFramework.Runtime.Events": ("1.11.37", "nanoFramework.Runtime.Events"),
    "nanoFramework.System.Threading": ("1.1.52", "System.Threading"),
    "nanoFramework.System.Net": ("1.11.54", "System.Net"),
    "nanoFramework.System.Net.Http.Client": ("1.5.210", "System.Net.Http"),
    "nanoFramework.System.IO.Ports": ("1.1.139", "System.IO.Ports"),
    "nanoFramework.System.IO.FileSystem": ("1.1.93", "System.IO.FileSystem"),
    "nanoFramework.Hardware.Esp32": ("1.6.42", "nanoFramework.Hardware.Esp32"),
    "nanoFramework.System.Device.Wifi": ("1.5.147", "System.Device.Wifi"),
    "nanoFramework.TestFramework": ("3.0.77", "nanoFramework.TestFramework"),
}

def guid(seed):
    return str(uuid.UUID(hashlib.md5(seed.encode()).hexdigest())).upper()

def main(a):
    d, name, ns, kind, pkgs = a[0], a[1], a[2], a[3], a[4].split(",")
    opts = dict(zip(a[5::2], a[6::2]))
    excludes = [e for e in opts.get("--exclude", "").split(",") if e]
    projrefs = [p for p in opts.get("--projref", "").split(",") if p]
    imports = [p for p in opts.get("--import", "").split(",") if p]
    os.makedirs(d, exist_ok=True)
    rel_root = os.path.relpath(os.path.dirname(os.path.abspath(__file__)) + "/..", d).replace("/", "\\")
    shared_guid = guid(name + ".shproj")
    excl = ";".join(["$(MSBuildThisFileDirectory)" + e + "\\**" for e in excludes])
    excl_attr = f' Exclude="{excl}"' if excl else ""
    if kind != "exe-only":
        open(f"{d}/{name}.projitems", "w").write(f'''<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <!-- The portable source of {name}: every .cs below this folder, imported unchanged by
       {name}.csproj (desktop) and {name}.nfproj (nanoFramework). -->
  <PropertyGroup>
    <MSBuildAllProjects Condition="'$(MSBuildVersion)' == '' Or '$(MSBuildVersion)' &lt; '16.0'">$(MSBuildAllProjects);$(MSBuildThisFileFullPath)</MSBuildAllProjects>
    <HasSharedItems>true</HasSharedItems>
    <SharedGUID>{shared_guid}</SharedGUID>
  </PropertyGroup>
  <PropertyGroup Label="Configuration">
    <Import_RootNamespace>{ns}</Import_RootNamespace>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$(MSBuildThisFileDirectory)**\\*.cs"{excl_attr} />
  </ItemGroup>
</Project>
''')
        open(f"{d}/{name}.shproj", "w").write(f'''<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup Label="Globals">
    <ProjectGuid>{shared_guid}</ProjectGuid>
    <MinimumVisualStudioVersion>14.0</MinimumVisualStudioVersion>
  </PropertyGroup>
  <Import Project="$(MSBuildExtensionsPath)\\$(MSBuildToolsVersion)\\Microsoft.Common.props" Condition="Exists('$(MSBuildExtensionsPath)\\$(MSBuildToolsVersion)\\Microsoft.Common.props')" />
  <Import Project="$(MSBuildExtensionsPath32)\\Microsoft\\VisualStudio\\v$(VisualStudioVersion)\\CodeSharing\\Microsoft.CodeSharing.Common.Default.props" Condition="Exists('$(MSBuildExtensionsPath32)\\Microsoft\\VisualStudio\\v$(VisualStudioVersion)\\CodeSharing\\Microsoft.CodeSharing.Common.Default.props')" />
  <Import Project="$(MSBuildExtensionsPath32)\\Microsoft\\VisualStudio\\v$(VisualStudioVersion)\\CodeSharing\\Microsoft.CodeSharing.Common.props" Condition="Exists('$(MSBuildExtensionsPath32)\\Microsoft\\VisualStudio\\v$(VisualStudioVersion)\\CodeSharing\\Microsoft.CodeSharing.Common.props')" />
  <PropertyGroup />
  <Import Project="{name}.projitems" Label="Shared" />
  <Import Project="$(MSBuildExtensionsPath32)\\Microsoft\\VisualStudio\\v$(VisualStudioVersion)\\CodeSharing\\Microsoft.CodeSharing.CSharp.targets" Condition="Exists('$(MSBuildExtensionsPath32)\\Microsoft\\VisualStudio\\v$(VisualStudioVersion)\\CodeSharing\\Microsoft.CodeSharing.CSharp.targets')" />
</Project>
''')
    all_imports = ([f"{name}.projitems"] if kind != "exe-only" else []) + imports
    imp_xml = "\n".join(f'  <Import Project="{p.replace("/", chr(92))}" Label="Shared" />' for p in all_imports)
    out_type = {"lib": "Library", "test": "Library", "exe": "Exe", "exe-only": "Exe"}[kind]
    refs = []
    for p in pkgs:
        ver, asm = PACKAGES[p]
        refs.append(f'''    <Reference Include="{asm}">
      <HintPath>{rel_root}\\packages\\{p}.{ver}\\lib\\{asm}.dll</HintPath>
      <Private>True</Private>
    </Reference>''')
    pref = "\n".join(f'''    <ProjectReference Include="{r.replace("/", chr(92))}" />''' for r in projrefs)
    pref_block = f"  <ItemGroup>\n{pref}\n  </ItemGroup>\n" if pref else ""
    test_props = ""
    test_import = ""
    if kind == "test":
        test_props = "\n    <IsCodedUITest>False</IsCodedUITest>\n    <TestProjectType>UnitTest</TestProjectType>\n    <TestProjectPath>$(MSBuildProjectDirectory)</TestProjectPath>"
        test_import = f'''\n  <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props')" />'''
    nf_name = name if kind != "test" else "NFUnitTest"
    open(f"{d}/{nf_name}.nfproj", "w").write(f'''<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <!-- nanoFramework (stable 1.x) build. Sources come only from the shared project(s) imported
       below; packages.config pins the package versions named in the HintPaths. -->
  <PropertyGroup Label="Globals">
    <NanoFrameworkProjectSystemPath>$(MSBuildExtensionsPath)\\nanoFramework\\v1.0\\</NanoFrameworkProjectSystemPath>
  </PropertyGroup>
  <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props')" />
  <PropertyGroup>
    <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
    <Platform Condition=" '$(Platform)' == '' ">AnyCPU</Platform>
    <ProjectTypeGuids>{{11A8DD76-328B-46DF-9F39-F559912D0360}};{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}</ProjectTypeGuids>
    <ProjectGuid>{{{guid(name + ".nfproj")}}}</ProjectGuid>
    <OutputType>{out_type}</OutputType>
    <AppDesignerFolder>Properties</AppDesignerFolder>
    <FileAlignment>512</FileAlignment>
    <RootNamespace>{ns}</RootNamespace>
    <AssemblyName>{nf_name}</AssemblyName>
    <TargetFrameworkVersion>v1.0</TargetFrameworkVersion>
    <LangVersion>10</LangVersion>
    <DefineConstants>$(DefineConstants);NANOFRAMEWORK_1_0</DefineConstants>{test_props}
  </PropertyGroup>
  <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.props" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.props')" />
  <ItemGroup>
{chr(10).join(refs)}
  </ItemGroup>
{pref_block}  <ItemGroup>
    <None Include="packages.config" />
  </ItemGroup>
{imp_xml}
  <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.CSharp.targets" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.CSharp.targets')" />
  <ProjectExtensions>
    <ProjectCapabilities>
      <ProjectConfigurationsDeclaredAsItems />
    </ProjectCapabilities>
  </ProjectExtensions>
</Project>
''')
    lines = "\n".join(f'  <package id="{p}" version="{PACKAGES[p][0]}" targetFramework="netnano1.0" />' for p in pkgs)
    open(f"{d}/packages.config", "w").write(f'''<?xml version="1.0" encoding="utf-8"?>
<packages>
{lines}
</packages>
''')

if __name__ == "__main__":
    main(sys.argv[1:])
