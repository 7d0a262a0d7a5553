using System;
using System.Collections.Generic;
using System.IO;
using IotEsim.Rsp.Util;

namespace IotEsim.Tests.Messages
{
    /// <summary>One ES10 function call reassembled from an APDU trace: the STORE DATA blocks joined into the
    /// request, the 61xx/GET RESPONSE chain (or data before 9000) joined into the response.</summary>
    public sealed class Es10Exchange
    {
        public byte[] Request;
        public byte[] Response;   // empty when the card only answered 9000
        public int FirstLine;     // 1-based line of the first STORE DATA command
        public string Sw;         // final status word
    }

    /// <summary>Parses an apdus.txt capture (lines "> cmd" / "< resp") into ES10 exchanges.</summary>
    public static class Es10Capture
    {
        public static List<Es10Exchange> Load(string path)
        {
            var lines = File.ReadAllLines(path);
            var result = new List<Es10Exchange>();
            var req = new MemoryStream();
            var resp = new MemoryStream();
            int expectBlock = 0;
            int first = 0;
            Es10Exchange open = null;   // request complete, collecting GET RESPONSE data
            for (int i = 0; i + 1 < lines.Length; i += 2)
            {
                if (!lines[i].StartsWith("> ") || !lines[i + 1].StartsWith("< "))
                    throw new InvalidDataException("line " + (i + 1) + ": expected a command/response pair");
                var cmd = Hex.Decode(lines[i].Substring(2).Trim());
                var rsp = Hex.Decode(lines[i + 1].Substring(2).Trim());
                string sw = Hex.Encode(rsp, rsp.Length - 2, 2);
                int ins = cmd[1];
                if (ins == 0xE2)
                {
                    if (open != null) throw new InvalidDataException("line " + (i + 1) + ": STORE DATA while a response is pending");
                    int p1 = cmd[2], p2 = cmd[3], lc = cmd[4];
                    if (p2 != expectBlock) throw new InvalidDataException("line " + (i + 1) + ": block " + p2 + ", expected " + expectBlock);
                    if (expectBlock == 0) first = i + 1;
                    if (cmd.Length != 5 + lc) throw new InvalidDataException("line " + (i + 1) + ": Lc mismatch");
                    req.Write(cmd, 5, lc);
                    expectBlock++;
                    bool last = (p1 & 0x80) != 0;
                    if (!last)
                    {
                        if (sw != "9000" || rsp.Length != 2) throw new InvalidDataException("line " + (i + 2) + ": non-final block answered " + sw);
                        continue;
                    }
                    var x = new Es10Exchange { Request = req.ToArray(), FirstLine = first };
                    req.SetLength(0);
                    expectBlock = 0;
                    resp.SetLength(0);
                    resp.Write(rsp, 0, rsp.Length - 2);
                    if (sw.StartsWith("61")) open = x;
                    else { x.Response = resp.ToArray(); x.Sw = sw; result.Add(x); }
                }
                else if (ins == 0xC0 && open != null)
                {
                    resp.Write(rsp, 0, rsp.Length - 2);
                    if (!sw.StartsWith("61"))
                    {
                        open.Response = resp.ToArray();
                        open.Sw = sw;
                        result.Add(open);
                        open = null;
                    }
                }
                // anything else (terminal capability, MANAGE CHANNEL, SELECT) is not an ES10 call
            }
            if (open != null || req.Length != 0) throw new InvalidDataException("capture ends inside an exchange");
            return result;
        }
    }
}
