using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace IotEsim.Tests.Guard
{
    /// <summary>One thing in a compiled portable assembly that the nanoFramework 1.x API does not offer.</summary>
    public sealed class GuardViolation
    {
        public string Assembly;
        public string Subject;
        public string Reason;
        public List<string> UsedBy = new List<string>();

        public override string ToString()
        {
            var s = Assembly + ": " + Subject + " — " + Reason;
            if (UsedBy.Count > 0)
            {
                var shown = UsedBy.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
                s += " [used in " + string.Join(", ", shown.Take(4)) + (shown.Count > 4 ? ", +" + (shown.Count - 4) + " more" : "") + "]";
            }
            return s;
        }
    }

    /// <summary>
    /// Checks a desktop-compiled portable assembly against the nanoFramework 1.x API listings of the
    /// packages its .nfproj may use. It reads metadata only (System.Reflection.Metadata), so it sees
    /// exactly what the C# compiler bound to on net10: a call that compiles on the desktop because of
    /// a newer overload (span, params span, interpolation handler) shows up as a reference the device
    /// library does not have.
    /// </summary>
    public sealed class NanoGuard
    {
        /// <summary>
        /// Attributes the C# compiler synthesizes by itself, accepted only as attribute constructors
        /// (never from IL). Roslyn adds each of them only when the referenced corlib defines the
        /// type, and skips it silently otherwise; nanoFramework's mscorlib defines none of them, so
        /// the device build of the same source carries none. Everything else the desktop build emits
        /// (DebuggableAttribute, TargetFrameworkAttribute, ExtensionAttribute) is in the CoreLibrary
        /// listing and passes on its own.
        /// </summary>
        public static readonly string[] AllowedCompilerAttributes =
        {
            // [assembly: CompilationRelaxations(8)] — added to every assembly whose corlib has the type.
            "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
            // [assembly: RuntimeCompatibility(WrapNonExceptionThrows = true)] — same rule.
            "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
            // [module: RefSafetyRules(11)] — added because the net10 corlib announces ref fields
            // (RuntimeFeature.ByRefFields), even at LangVersion 10; the device corlib does not.
            "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
            // On auto-property backing fields/accessors and <PrivateImplementationDetails>.
            "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
        };

        /// <summary>Types whose mere reference means a language feature nanoFramework 1.x lacks; the reason names the feature.</summary>
        private static readonly (string Prefix, string Feature)[] BannedTypes =
        {
            ("System.ValueTuple", "tuple (ValueTuple)"),
            ("System.Span`1", "Span<T>"),
            ("System.ReadOnlySpan`1", "ReadOnlySpan<T>"),
            ("System.Memory`1", "Memory<T>"),
            ("System.ReadOnlyMemory`1", "ReadOnlyMemory<T>"),
            ("System.Nullable`1", "Nullable<T> (int? etc.)"),
            ("System.Threading.Tasks.", "async/Task"),
            ("System.Runtime.CompilerServices.IAsyncStateMachine", "async state machine"),
            ("System.Runtime.CompilerServices.AsyncStateMachineAttribute", "async method"),
            ("System.Runtime.CompilerServices.AsyncTaskMethodBuilder", "async method"),
            ("System.Runtime.CompilerServices.AsyncVoidMethodBuilder", "async method"),
            ("System.Runtime.CompilerServices.TaskAwaiter", "await"),
            ("System.Runtime.CompilerServices.IteratorStateMachineAttribute", "iterator (yield return)"),
            ("System.Runtime.CompilerServices.DefaultInterpolatedStringHandler", "string interpolation"),
            ("System.Runtime.CompilerServices.IsExternalInit", "init accessor / record"),
            ("System.Runtime.CompilerServices.InlineArrayAttribute", "inline array / collection expression"),
            ("System.Collections.Generic.", "generic collection"),
            ("System.Linq.", "LINQ"),
        };

        private readonly ApiListing _allowed;
        private readonly ApiListing _all;
        private readonly string _allowedNames;
        private readonly HashSet<string> _projectAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Assemblies of other portable parts (the .nfproj's ProjectReferences): references into
        /// them are accepted here, since each part is guarded on its own.
        /// </summary>
        public ISet<string> ProjectAssemblies { get { return _projectAssemblies; } }

        /// <param name="allowed">Listings of the packages in the part's packages.config.</param>
        /// <param name="all">Optional: every listing, to say which package a missing type would need.</param>
        public NanoGuard(ApiListing allowed, ApiListing all)
        {
            _allowed = allowed;
            _all = all;
            _allowedNames = string.Join(", ", allowed.Packages);
        }

        /// <summary>Guard for a part: reads the package ids from the packages.config beside its .nfproj.</summary>
        /// The .nfproj beside it names the other parts this one may call (its ProjectReferences).
        public static NanoGuard ForPackagesConfig(string packagesConfigPath, string apiDirectory)
        {
            var g = new NanoGuard(ApiListing.Load(apiDirectory, ReadPackageIds(packagesConfigPath)), ApiListing.LoadAll(apiDirectory));
            foreach (var nfproj in Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(packagesConfigPath)), "*.nfproj"))
            {
                var doc = XDocument.Load(nfproj);
                foreach (var pr in doc.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
                {
                    var inc = ((string)pr.Attribute("Include") ?? "").Replace('\\', '/');
                    g.ProjectAssemblies.Add(Path.GetFileNameWithoutExtension(inc));
                }
            }
            return g;
        }

        public static List<string> ReadPackageIds(string packagesConfigPath)
        {
            return XDocument.Load(packagesConfigPath).Root.Elements("package")
                .Select(e => (string)e.Attribute("id")).ToList();
        }

        public List<GuardViolation> Check(string assemblyPath)
        {
            using (var fs = File.OpenRead(assemblyPath))
            using (var pe = new PEReader(fs))
            {
                return new Run(this, pe).Execute();
            }
        }

        public static string FeatureOf(string typeName)
        {
            foreach (var b in BannedTypes)
                if (typeName.StartsWith(b.Prefix, StringComparison.Ordinal)) return b.Feature;
            return null;
        }

        /// <summary>One pass over one assembly.</summary>
        private sealed class Run
        {
            private readonly NanoGuard _g;
            private readonly PEReader _pe;
            private readonly MetadataReader _md;
            private readonly string _asm;
            private readonly ListingTypeNameProvider _p = new ListingTypeNameProvider();
            private readonly List<GuardViolation> _out = new List<GuardViolation>();
            private readonly Dictionary<EntityHandle, List<string>> _users = new Dictionary<EntityHandle, List<string>>();
            private readonly HashSet<EntityHandle> _allowedAttr = new HashSet<EntityHandle>();
            private string _currentUser;

            public Run(NanoGuard g, PEReader pe)
            {
                _g = g;
                _pe = pe;
                _md = pe.GetMetadataReader();
                _asm = _md.GetString(_md.GetAssemblyDefinition().Name);
                _p.OnTypeReference = h => Use(h);
            }

            public List<GuardViolation> Execute()
            {
                CollectAllowedAttributes();
                ScanDefinitions();
                CheckTypeReferences();
                CheckMemberReferences();
                CheckTypeSpecifications();
                CheckMethodSpecifications();
                return _out;
            }

            private void Use(EntityHandle h)
            {
                if (_currentUser == null || h.IsNil) return;
                if (!_users.TryGetValue(h, out var l)) _users[h] = l = new List<string>();
                if (!l.Contains(_currentUser)) l.Add(_currentUser);
            }

            private void UseToken(EntityHandle h)
            {
                Use(h);
                switch (h.Kind)
                {
                    case HandleKind.MemberReference:
                        Use(_md.GetMemberReference((MemberReferenceHandle)h).Parent);
                        break;
                    case HandleKind.MethodSpecification:
                        UseToken(_md.GetMethodSpecification((MethodSpecificationHandle)h).Method);
                        break;
                }
            }

            private void Add(string subject, string reason, EntityHandle handle)
            {
                var v = new GuardViolation { Assembly = _asm, Subject = subject, Reason = reason };
                if (!handle.IsNil && _users.TryGetValue(handle, out var u)) v.UsedBy.AddRange(u);
                _out.Add(v);
            }

            private void CollectAllowedAttributes()
            {
                var attrs = _md.GetAssemblyDefinition().GetCustomAttributes().Concat(_md.GetModuleDefinition().GetCustomAttributes());
                foreach (var ah in _md.CustomAttributes)
                {
                    var ctor = _md.GetCustomAttribute(ah).Constructor;
                    if (ctor.Kind != HandleKind.MemberReference) continue;
                    var parent = _md.GetMemberReference((MemberReferenceHandle)ctor).Parent;
                    if (parent.Kind != HandleKind.TypeReference) continue;
                    var name = ListingTypeNameProvider.TypeReferenceName(_md, (TypeReferenceHandle)parent);
                    if (Array.IndexOf(AllowedCompilerAttributes, name) < 0) continue;
                    _allowedAttr.Add(ctor);
                    _allowedAttr.Add(parent);
                }
                _currentUser = "<assembly attributes>";
                foreach (var ah in attrs) UseToken(_md.GetCustomAttribute(ah).Constructor);
                _currentUser = null;
            }

            private void UseAttributes(CustomAttributeHandleCollection attrs)
            {
                foreach (var ah in attrs) UseToken(_md.GetCustomAttribute(ah).Constructor);
            }

            private void ScanDefinitions()
            {
                foreach (var th in _md.TypeDefinitions)
                {
                    var td = _md.GetTypeDefinition(th);
                    var tname = ListingTypeNameProvider.TypeDefinitionName(_md, th);
                    _currentUser = tname;
                    if (td.GetGenericParameters().Count > 0)
                        Add(tname, "generic type definition (no generics on nanoFramework 1.x)", default);
                    if (!td.BaseType.IsNil) { UseToken(td.BaseType); DecodeIfSpec(td.BaseType); }
                    foreach (var ih in td.GetInterfaceImplementations())
                    {
                        var iface = _md.GetInterfaceImplementation(ih).Interface;
                        UseToken(iface);
                        DecodeIfSpec(iface);
                    }
                    UseAttributes(td.GetCustomAttributes());

                    foreach (var fh in td.GetFields())
                    {
                        var fd = _md.GetFieldDefinition(fh);
                        _currentUser = tname + "::" + _md.GetString(fd.Name);
                        Decode(() => fd.DecodeSignature(_p, null), _currentUser + " field type");
                        UseAttributes(fd.GetCustomAttributes());
                    }
                    foreach (var ph in td.GetProperties())
                    {
                        var pd = _md.GetPropertyDefinition(ph);
                        _currentUser = tname + "::" + _md.GetString(pd.Name);
                        UseAttributes(pd.GetCustomAttributes());
                    }
                    foreach (var mh in td.GetMethods())
                    {
                        var mdef = _md.GetMethodDefinition(mh);
                        var mname = _md.GetString(mdef.Name);
                        _currentUser = tname + "::" + mname;
                        if (mdef.GetGenericParameters().Count > 0)
                            Add(_currentUser, "generic method definition (no generics on nanoFramework 1.x)", default);
                        Decode(() => mdef.DecodeSignature(_p, null), _currentUser + " signature");
                        UseAttributes(mdef.GetCustomAttributes());
                        foreach (var parh in mdef.GetParameters()) UseAttributes(_md.GetParameter(parh).GetCustomAttributes());
                        if (mdef.RelativeVirtualAddress != 0) ScanBody(mdef);
                    }
                    _currentUser = null;
                }
            }

            private void DecodeIfSpec(EntityHandle h)
            {
                if (h.Kind == HandleKind.TypeSpecification)
                    Decode(() => _md.GetTypeSpecification((TypeSpecificationHandle)h).DecodeSignature(_p, null), _currentUser + " base/interface");
            }

            /// <summary>Decodes a signature for its type references; shapes the device cannot hold become violations.</summary>
            private void Decode(Func<object> decode, string where)
            {
                _p.Problems.Clear();
                decode();
                foreach (var pr in _p.Problems.Distinct()) Add(where, pr, default);
                _p.Problems.Clear();
            }

            private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (OpCode)f.GetValue(null))
                .GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First());

            private void ScanBody(MethodDefinition mdef)
            {
                var body = _pe.GetMethodBody(mdef.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    var sig = _md.GetStandaloneSignature(body.LocalSignature);
                    Decode(() => sig.DecodeLocalSignature(_p, null), _currentUser + " locals");
                }
                var il = body.GetILReader();
                while (il.RemainingBytes > 0)
                {
                    int b = il.ReadByte();
                    short value = (short)b;
                    if (b == 0xFE) value = unchecked((short)(0xFE00 | il.ReadByte()));
                    if (!OpCodesByValue.TryGetValue(value, out var op)) return; // unknown opcode: stop rather than misparse
                    if (op.Value == OpCodes.Localloc.Value) Add(_currentUser, "localloc (stackalloc)", default);
                    switch (op.OperandType)
                    {
                        case OperandType.InlineNone: break;
                        case OperandType.ShortInlineBrTarget:
                        case OperandType.ShortInlineI:
                        case OperandType.ShortInlineVar: il.Offset += 1; break;
                        case OperandType.InlineVar: il.Offset += 2; break;
                        case OperandType.InlineI8:
                        case OperandType.InlineR: il.Offset += 8; break;
                        case OperandType.InlineSwitch: { int n = il.ReadInt32(); il.Offset += 4 * n; break; }
                        case OperandType.InlineField:
                        case OperandType.InlineMethod:
                        case OperandType.InlineTok:
                        case OperandType.InlineType:
                        {
                            int token = il.ReadInt32();
                            UseToken(MetadataTokens.EntityHandle(token));
                            break;
                        }
                        case OperandType.InlineSig:
                        {
                            int token = il.ReadInt32();
                            Add(_currentUser, "calli (function pointer call)", default);
                            break;
                        }
                        default: il.Offset += 4; break;
                    }
                }
            }

            private void CheckTypeReferences()
            {
                foreach (var h in _md.TypeReferences)
                {
                    if (_allowedAttr.Contains(h) || InProjectAssembly(h)) continue;
                    var name = ListingTypeNameProvider.TypeReferenceName(_md, h);
                    var feature = FeatureOf(name);
                    if (feature != null) { Add(name, feature + " — not on nanoFramework 1.x", h); continue; }
                    if (_g._allowed.HasType(name)) continue;
                    Add(name, MissingTypeReason(name), h);
                }
            }

            /// <summary>True when the reference resolves into another portable part (outermost type's scope).</summary>
            private bool InProjectAssembly(TypeReferenceHandle h)
            {
                var tr = _md.GetTypeReference(h);
                while (tr.ResolutionScope.Kind == HandleKind.TypeReference) tr = _md.GetTypeReference((TypeReferenceHandle)tr.ResolutionScope);
                if (tr.ResolutionScope.Kind != HandleKind.AssemblyReference) return false;
                var name = _md.GetString(_md.GetAssemblyReference((AssemblyReferenceHandle)tr.ResolutionScope).Name);
                return _g._projectAssemblies.Contains(name);
            }

            private string MissingTypeReason(string name)
            {
                var other = _g._all != null ? _g._all.GetType(name) : null;
                if (other != null) return "type only in " + other.Package + ", which packages.config does not list";
                return "type not in " + _g._allowedNames;
            }

            private void CheckMemberReferences()
            {
                foreach (var h in _md.MemberReferences)
                {
                    if (_allowedAttr.Contains(h)) continue;
                    var mr = _md.GetMemberReference(h);
                    // Members of generic instantiations or arrays (TypeSpec parents) are reported through the TypeSpec.
                    if (mr.Parent.Kind != HandleKind.TypeReference) continue;
                    if (InProjectAssembly((TypeReferenceHandle)mr.Parent)) continue;
                    var type = ListingTypeNameProvider.TypeReferenceName(_md, (TypeReferenceHandle)mr.Parent);
                    var name = _md.GetString(mr.Name);
                    _p.Problems.Clear();
                    string subject;
                    Func<string, string> key;
                    if (mr.GetKind() == MemberReferenceKind.Field)
                    {
                        var ft = mr.DecodeFieldSignature(_p, null);
                        subject = type + "::" + name + " : " + ft;
                        key = t => ApiListing.FieldKey(t, name, ft);
                    }
                    else
                    {
                        var sig = mr.DecodeMethodSignature(_p, null);
                        var ps = string.Join(",", sig.ParameterTypes);
                        subject = type + "::" + ListingTypeNameProvider.FormatMethod(name, sig);
                        if (sig.Header.CallingConvention == SignatureCallingConvention.VarArgs) _p.Problems.Add("varargs call");
                        key = t => ApiListing.MethodKey(t, name, ps, sig.ReturnType);
                    }
                    var problems = _p.Problems.Distinct().ToList();
                    _p.Problems.Clear();
                    if (problems.Count > 0) { Add(subject, string.Join("; ", problems), h); continue; }
                    if (FeatureOf(type) != null) continue; // the type's own violation says it all
                    var entry = _g._allowed.GetType(type);
                    if (entry == null) { Add(subject, MissingTypeReason(type), h); continue; }
                    if (_g._allowed.HasMember(type, key)) continue;
                    var reason = "not in " + entry.Package;
                    var overloads = _g._allowed.Overloads(type, name);
                    if (overloads.Count > 0)
                        reason += " (listed: " + string.Join("; ", overloads.Take(4).Select(o => o.Substring(o.IndexOf("::", StringComparison.Ordinal) + 2))) + ")";
                    Add(subject, reason, h);
                }
            }

            private void CheckTypeSpecifications()
            {
                for (int row = 1; row <= _md.GetTableRowCount(TableIndex.TypeSpec); row++)
                {
                    var h = MetadataTokens.TypeSpecificationHandle(row);
                    _p.Problems.Clear();
                    var name = _md.GetTypeSpecification(h).DecodeSignature(_p, null);
                    var problems = _p.Problems.Distinct().ToList();
                    _p.Problems.Clear();
                    // Users of members on this spec count as users of the spec.
                    if (problems.Count > 0)
                    {
                        var v = new GuardViolation { Assembly = _asm, Subject = name, Reason = string.Join("; ", problems) };
                        if (_users.TryGetValue(h, out var u)) v.UsedBy.AddRange(u);
                        foreach (var mh in _md.MemberReferences)
                            if (_md.GetMemberReference(mh).Parent == (EntityHandle)h && _users.TryGetValue(mh, out var mu)) v.UsedBy.AddRange(mu);
                        _out.Add(v);
                    }
                }
            }

            private void CheckMethodSpecifications()
            {
                for (int row = 1; row <= _md.GetTableRowCount(TableIndex.MethodSpec); row++)
                {
                    var h = MetadataTokens.MethodSpecificationHandle(row);
                    var ms = _md.GetMethodSpecification(h);
                    _p.Problems.Clear();
                    var args = ms.DecodeSignature(_p, null);
                    _p.Problems.Clear();
                    string method = "?";
                    if (ms.Method.Kind == HandleKind.MemberReference)
                    {
                        var mr = _md.GetMemberReference((MemberReferenceHandle)ms.Method);
                        var parent = mr.Parent.Kind == HandleKind.TypeReference ? ListingTypeNameProvider.TypeReferenceName(_md, (TypeReferenceHandle)mr.Parent)
                            : mr.Parent.Kind == HandleKind.TypeSpecification ? _md.GetTypeSpecification((TypeSpecificationHandle)mr.Parent).DecodeSignature(_p, null) : "?";
                        _p.Problems.Clear();
                        method = parent + "::" + _md.GetString(mr.Name);
                    }
                    else if (ms.Method.Kind == HandleKind.MethodDefinition)
                    {
                        var md = _md.GetMethodDefinition((MethodDefinitionHandle)ms.Method);
                        method = ListingTypeNameProvider.TypeDefinitionName(_md, md.GetDeclaringType()) + "::" + _md.GetString(md.Name);
                    }
                    Add(method + "<" + string.Join(",", args) + ">", "generic method instantiation (no generics on nanoFramework 1.x)", h);
                }
            }
        }
    }
}
