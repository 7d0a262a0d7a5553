using System;
using System.Collections.Generic;
using System.Diagnostics;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Tests.Euicc;
using IotEsim.Tests.Ipa;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Reliability
{
    /// <summary>
    /// The ISD-R front end with the real eUICC engine behind it, fed mutated APDUs (single commands and whole
    /// captured sessions with one command mutated): it never throws, always answers at least a status word,
    /// and after every rejected command the card's visible state (EID, profile list, notifications) is as before.
    /// </summary>
    [TestClass]
    public class IsdrFuzzTests
    {
        private const string Select = "01A4040410A0000005591010FFFFFFFF8900000100";

        private sealed class Card
        {
            public EuiccEngine Engine;
            public IsdrApplet Applet;
        }

        private static Card NewCard()
        {
            var options = new EuiccOptions();
            options.Clock = new FixedClock(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks);
            var engine = new EuiccEngine(EuiccInteropTests.CaptureIdentity(), BclCryptoProvider.Instance, new MemoryStore(), options);
            return new Card { Engine = engine, Applet = new IsdrApplet(engine) };
        }

        private static void OpenChannel1(IsdrApplet a)
        {
            a.ProcessApdu(Hex.Decode("0070000001"));
            byte[] r = a.ProcessApdu(Hex.Decode(Select));
            if ((r[r.Length - 2] & 0xF0) == 0x60 && r[r.Length - 2] == 0x61) a.ProcessApdu(new byte[] { 0x01, 0xC0, 0x00, 0x00, r[r.Length - 1] });
        }

        /// <summary>What an IPA can observe without a download: EID, profile list, notification list.</summary>
        private static string Visible(Card c)
        {
            return Hex.Encode(c.Engine.ProcessRequest(Hex.Decode("BF3E035C015A"))) + "|"
                + Hex.Encode(c.Engine.ProcessRequest(Hex.Decode("BF2D00"))) + "|"
                + Hex.Encode(c.Engine.ProcessRequest(Hex.Decode("BF2800"))) + "|"
                + c.Engine.Context.State.Profiles.Count;
        }

        private static bool Rejected(byte[] r)
        {
            int sw = (r[r.Length - 2] << 8) | r[r.Length - 1];
            return sw != 0x9000 && (sw & 0xFF00) != 0x6100;
        }

        private static List<byte[]> CapturedCommands()
        {
            var list = new List<byte[]>();
            foreach (var cap in new[] { "es9plus-download/apdus.txt", "esipa-v1.0/add-initial-eim/apdus.txt" })
                list.AddRange(ApduCapture.Load(cap).Commands);
            return list;
        }

        [TestMethod]
        public void MutatedSingleApdusAlwaysGetAStatusWordAndLeaveStateUnchanged()
        {
            var seeds = CapturedCommands();
            foreach (var s in new[] { "0070000001", "0070800100", Select, "80AA000008A906830107840101", "01C0000000", "81E2910003BF3E00" })
                seeds.Add(Hex.Decode(s));
            var card = NewCard();
            OpenChannel1(card.Applet);
            string before = Visible(card);
            var m = new Mutator(31);
            var rng = new Random(32);
            int n = 4000 * Mutator.SoakFactor, rejected = 0;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                if (i % 40 == 0) { card.Applet.Reset(); OpenChannel1(card.Applet); }
                byte[] input = m.Mutate(seeds[rng.Next(seeds.Count)], null);
                byte[] r = null;
                try { r = card.Applet.ProcessApdu(input); }
                catch (Exception e) { Assert.Fail("ProcessApdu threw " + e.GetType().Name + " for " + Hex.Encode(input) + ": " + e.Message); }
                Assert.IsNotNull(r, "null answer for " + Hex.Encode(input));
                Assert.IsTrue(r.Length >= 2, "no status word for " + Hex.Encode(input));
                if (Rejected(r))
                {
                    rejected++;
                    Assert.AreEqual(before, Visible(card), "state changed after rejected " + Hex.Encode(input));
                }
            }
            Assert.AreEqual(before, Visible(card));
            Console.WriteLine("ISD-R single APDUs: " + n + " inputs tried (" + seeds.Count + " seeds), " + rejected + " rejected, "
                + sw.Elapsed.TotalSeconds.ToString("0.0") + " s");
            // The card still works for a clean IPA afterwards.
            card.Applet.Reset();
            var es10 = new Es10Channel(new CardTransport(card.Applet));
            es10.Open();
            Assert.AreEqual("89049032123451234512345678901235", Hex.Encode(Es10c.GetEid(es10)));
        }

        [TestMethod]
        public void CapturedSessionWithOneMutatedApduNeverThrowsAndKeepsState()
        {
            var capture = ApduCapture.Load("es9plus-download/apdus.txt");
            var m = new Mutator(41);
            var rng = new Random(42);
            int sessions = 60 * Mutator.SoakFactor;
            long inputs = 0, rejected = 0;
            var sw = Stopwatch.StartNew();
            for (int k = 0; k < sessions; k++)
            {
                var card = NewCard();
                OpenChannel1(card.Applet);
                string before = Visible(card);
                int at = rng.Next(capture.Commands.Count);
                int stop = Math.Min(capture.Commands.Count, at + 1 + rng.Next(30));
                for (int i = 0; i < stop; i++)
                {
                    byte[] input = i == at ? m.Mutate(capture.Commands[i], null) : capture.Commands[i];
                    byte[] r = null;
                    try { r = card.Applet.ProcessApdu(input); }
                    catch (Exception e) { Assert.Fail("session " + k + " APDU " + i + " threw " + e.GetType().Name + ": " + e.Message); }
                    Assert.IsTrue(r != null && r.Length >= 2, "session " + k + " APDU " + i + ": no status word");
                    inputs++;
                    if (Rejected(r))
                    {
                        rejected++;
                        // The capture's challenge is not ours, so no profile can install: any rejection leaves the start state.
                        Assert.AreEqual(before, Visible(card), "session " + k + ": state changed after rejected APDU " + i + " " + Hex.Encode(input));
                    }
                }
                Assert.AreEqual(0, card.Engine.Context.State.Profiles.Count);
            }
            Console.WriteLine("ISD-R captured sessions: " + sessions + " sessions, " + inputs + " APDUs (" + sessions + " mutated), " + rejected + " rejected, "
                + sw.Elapsed.TotalSeconds.ToString("0.0") + " s");
        }
    }
}
