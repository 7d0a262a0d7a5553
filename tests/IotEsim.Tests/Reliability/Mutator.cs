using System;
using System.Collections.Generic;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Tests.Reliability
{
    /// <summary>
    /// Seeded, reproducible input mutations: bit flips, truncations, edits of TLV length bytes (found by
    /// walking the seed's DER tree), insertions and duplications. 1-3 mutations per input.
    /// </summary>
    public sealed class Mutator
    {
        private static readonly byte[] LengthValues = { 0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xFF };
        private readonly Random _rng;

        public Mutator(int seed) { _rng = new Random(seed); }

        /// <summary>IOTESIM_SOAK=1 multiplies the bounded counts by this.</summary>
        public static int SoakFactor { get { return Environment.GetEnvironmentVariable("IOTESIM_SOAK") == "1" ? 50 : 1; } }

        /// <summary>Offsets of the length bytes in a DER seed (empty when the seed is not DER).</summary>
        public static int[] LengthOffsets(byte[] seed)
        {
            var list = new List<int>();
            try { Walk(new TlvReader(seed, 0, seed.Length, false), list, 0); } catch (DerException) { }
            return list.ToArray();
        }

        private static void Walk(TlvReader r, List<int> list, int depth)
        {
            while (r.HasMore)
            {
                var t = r.Read();
                for (int i = t.ValueOffset - 1; i >= t.Offset + 1 && i >= t.ValueOffset - 4; i--) list.Add(i);
                if (t.IsConstructed && depth < 24) Walk(t.Children(), list, depth + 1);
            }
        }

        public byte[] Mutate(byte[] seed, int[] lengthOffsets)
        {
            byte[] b = (byte[])seed.Clone();
            int n = 1 + _rng.Next(3);
            for (int k = 0; k < n; k++) b = MutateOnce(b, lengthOffsets != null && b.Length == seed.Length ? lengthOffsets : null);
            return b;
        }

        private byte[] MutateOnce(byte[] b, int[] lengthOffsets)
        {
            switch (_rng.Next(5))
            {
                case 0: // bit flip
                    if (b.Length == 0) return b;
                    b[_rng.Next(b.Length)] ^= (byte)(1 << _rng.Next(8));
                    return b;
                case 1: // truncation
                    if (b.Length == 0) return b;
                    return Slice(b, 0, _rng.Next(b.Length));
                case 2: // length-byte edit
                    {
                        if (b.Length == 0) return b;
                        int pos = lengthOffsets != null && lengthOffsets.Length > 0 ? lengthOffsets[_rng.Next(lengthOffsets.Length)] : _rng.Next(b.Length);
                        if (pos >= b.Length) pos = b.Length - 1;
                        int how = _rng.Next(3);
                        if (how == 0) b[pos] = LengthValues[_rng.Next(LengthValues.Length)];
                        else if (how == 1) b[pos]++;
                        else b[pos]--;
                        return b;
                    }
                case 3: // insertion of random bytes
                    {
                        int pos = _rng.Next(b.Length + 1);
                        var ins = new byte[1 + _rng.Next(8)];
                        _rng.NextBytes(ins);
                        return Splice(b, pos, ins);
                    }
                default: // duplication of a slice
                    {
                        if (b.Length == 0) return b;
                        int start = _rng.Next(b.Length);
                        int len = 1 + _rng.Next(Math.Min(64, b.Length - start));
                        return Splice(b, _rng.Next(b.Length + 1), Slice(b, start, len));
                    }
            }
        }

        private static byte[] Slice(byte[] b, int off, int len)
        {
            var r = new byte[len];
            Array.Copy(b, off, r, 0, len);
            return r;
        }

        private static byte[] Splice(byte[] b, int pos, byte[] ins)
        {
            var r = new byte[b.Length + ins.Length];
            Array.Copy(b, 0, r, 0, pos);
            Array.Copy(ins, 0, r, pos, ins.Length);
            Array.Copy(b, pos, r, pos + ins.Length, b.Length - pos);
            return r;
        }
    }
}
