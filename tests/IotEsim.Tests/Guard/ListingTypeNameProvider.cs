using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;

namespace IotEsim.Tests.Guard
{
    /// <summary>
    /// Decodes metadata signatures into the type-name format of the nanoFramework API listings
    /// (System.Int32, System.Byte[], System.Char[,], System.Int32&amp;, Outer+Inner). Anything the
    /// nanoFramework 1.x runtime cannot represent (generic instantiations and parameters,
    /// multidimensional arrays, pointers, function pointers) is still named, and also noted in
    /// <see cref="Problems"/> so the caller can report it.
    /// </summary>
    public sealed class ListingTypeNameProvider : ISignatureTypeProvider<string, object>
    {
        /// <summary>What the last decodes ran into; the caller clears it between signatures.</summary>
        public readonly List<string> Problems = new List<string>();

        /// <summary>Called with every TypeReference a signature mentions (the guard records who uses it).</summary>
        public Action<TypeReferenceHandle> OnTypeReference;

        public string GetPrimitiveType(PrimitiveTypeCode typeCode)
        {
            switch (typeCode)
            {
                case PrimitiveTypeCode.Boolean: return "System.Boolean";
                case PrimitiveTypeCode.Byte: return "System.Byte";
                case PrimitiveTypeCode.SByte: return "System.SByte";
                case PrimitiveTypeCode.Char: return "System.Char";
                case PrimitiveTypeCode.Int16: return "System.Int16";
                case PrimitiveTypeCode.UInt16: return "System.UInt16";
                case PrimitiveTypeCode.Int32: return "System.Int32";
                case PrimitiveTypeCode.UInt32: return "System.UInt32";
                case PrimitiveTypeCode.Int64: return "System.Int64";
                case PrimitiveTypeCode.UInt64: return "System.UInt64";
                case PrimitiveTypeCode.Single: return "System.Single";
                case PrimitiveTypeCode.Double: return "System.Double";
                case PrimitiveTypeCode.IntPtr: return "System.IntPtr";
                case PrimitiveTypeCode.UIntPtr: return "System.UIntPtr";
                case PrimitiveTypeCode.Object: return "System.Object";
                case PrimitiveTypeCode.String: return "System.String";
                case PrimitiveTypeCode.Void: return "System.Void";
                case PrimitiveTypeCode.TypedReference: return "System.TypedReference";
                default: throw new ArgumentOutOfRangeException(nameof(typeCode));
            }
        }

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            return TypeDefinitionName(reader, handle);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            OnTypeReference?.Invoke(handle);
            return TypeReferenceName(reader, handle);
        }

        public string GetTypeFromSpecification(MetadataReader reader, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            return reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        }

        public string GetSZArrayType(string elementType) { return elementType + "[]"; }

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            var name = elementType + "[" + new string(',', Math.Max(0, shape.Rank - 1)) + "]";
            Problems.Add("multidimensional array " + name);
            return name;
        }

        public string GetByReferenceType(string elementType) { return elementType + "&"; }

        public string GetPointerType(string elementType)
        {
            Problems.Add("pointer " + elementType + "*");
            return elementType + "*";
        }

        public string GetFunctionPointerType(MethodSignature<string> signature)
        {
            Problems.Add("function pointer");
            return "method " + signature.ReturnType + "*(" + string.Join(",", signature.ParameterTypes) + ")";
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            var name = genericType + "<" + string.Join(",", typeArguments) + ">";
            Problems.Add("generic instantiation " + name);
            return name;
        }

        public string GetGenericMethodParameter(object genericContext, int index)
        {
            Problems.Add("generic method parameter !!" + index);
            return "!!" + index;
        }

        public string GetGenericTypeParameter(object genericContext, int index)
        {
            Problems.Add("generic type parameter !" + index);
            return "!" + index;
        }

        // Custom modifiers (modreq/modopt) are not part of the listing's signatures. The modifier
        // types are TypeReferences of their own, which the guard checks separately (IsExternalInit,
        // IsVolatile, InAttribute…).
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) { return unmodifiedType; }

        public string GetPinnedType(string elementType) { return elementType; }

        /// <summary>Full name of a type reference, nesting written Outer+Inner.</summary>
        public static string TypeReferenceName(MetadataReader reader, TypeReferenceHandle handle)
        {
            var tr = reader.GetTypeReference(handle);
            var name = reader.GetString(tr.Name);
            if (tr.ResolutionScope.Kind == HandleKind.TypeReference)
                return TypeReferenceName(reader, (TypeReferenceHandle)tr.ResolutionScope) + "+" + name;
            var ns = reader.GetString(tr.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public static string TypeDefinitionName(MetadataReader reader, TypeDefinitionHandle handle)
        {
            var td = reader.GetTypeDefinition(handle);
            var name = reader.GetString(td.Name);
            var outer = td.GetDeclaringType();
            if (!outer.IsNil) return TypeDefinitionName(reader, outer) + "+" + name;
            var ns = reader.GetString(td.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        /// <summary>"Name(P1,P2) : Ret" for a decoded method signature.</summary>
        public static string FormatMethod(string name, MethodSignature<string> sig)
        {
            return name + "(" + string.Join(",", sig.ParameterTypes) + ") : " + sig.ReturnType;
        }
    }
}
