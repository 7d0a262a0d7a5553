#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using IotEsim.Firmware.At;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Tests.Firmware
{
    [TestClass]
    public class AtParsingTests
    {
        [TestMethod]
        public void ParsesQuotedAndUnquotedLengthHex()
        {
            Assert.AreEqual("019000", Hex.Encode(AtApdu.ParseLengthHex("6,\"019000\"", "t")));
            Assert.AreEqual("611A", Hex.Encode(AtApdu.ParseLengthHex("4,611A", "t")));
            // Length in bytes instead of hex characters is tolerated.
            Assert.AreEqual("9000", Hex.Encode(AtApdu.ParseLengthHex("2,\"9000\"", "t")));
        }

        [TestMethod]
        public void RejectsInconsistentOrShortResponses()
        {
            Assert.ThrowsException(typeof(ApduTransportException), () => AtApdu.ParseLengthHex("8,\"9000\"", "t"));
            Assert.ThrowsException(typeof(ApduTransportException), () => AtApdu.ParseLengthHex("2,\"90\"", "t"));
            Assert.ThrowsException(typeof(ApduTransportException), () => AtApdu.ParseLengthHex("4,\"ZZ00\"", "t"));
        }

        [TestMethod]
        public void SessionIdsAreDecimalOrHex()
        {
            Assert.IsTrue(AtApdu.IsSessionId("1"));
            Assert.IsTrue(AtApdu.IsSessionId("00000000038aa32f"));
            Assert.IsFalse(AtApdu.IsSessionId("#junk"));
            Assert.IsFalse(AtApdu.IsSessionId(""));
        }

        [TestMethod]
        public void UrcsAreRecognised()
        {
            Assert.IsTrue(AtChannel.IsUrc("+CEREG: 5"));
            Assert.IsTrue(AtChannel.IsUrc("RDY"));
            Assert.IsTrue(AtChannel.IsUrc("+CPIN: READY"));
            Assert.IsFalse(AtChannel.IsUrc("+CSIM: 4,\"9000\""));
        }

        [TestMethod]
        public void BuiltInProfilesExistAndDiffer()
        {
            for (int i = 0; i < ModemProfiles.Names.Length; i++) Assert.IsNotNull(ModemProfiles.Find(ModemProfiles.Names[i]));
            Assert.IsNull(ModemProfiles.Find("nokia-3310"));
            Assert.AreEqual(ModemProfile.PathCsim, ModemProfiles.Find("BG95").ApduPath);
            Assert.AreEqual(ModemProfile.PathCgla, ModemProfiles.Find("sim7080g").ApduPath);
            Assert.AreEqual("AT+CFUN=16", ModemProfiles.Find("sara-r5").SimRefreshCommands[0]);
        }
    }
}
