using System;
using IotEsim.Euicc.Engine;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Tests.TestSupport;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Euicc
{
    /// <summary>ES10a configured addresses, ES10b EUICCInfo1/2, GetEUICCChallenge and GetRAT, ES10c GetEID: each
    /// through the ISD-R APDUs of the real engine on the portable test PKI, with their error answers.</summary>
    [TestClass]
    public class Es10InformationTests
    {
        [TestMethod]
        public void ConfiguredAddressesAndSetDefaultDpAddress()
        {
            var o = new EuiccOptions();
            o.DefaultDpAddress = "dp.example.com";
            var e = new PortableEuicc(PortableTestPki.P256.Identity(), o, null);
            var a = EuiccConfiguredAddresses.Decode(e.Send(EuiccConfiguredAddresses.EncodeRequest()));
            Assert.AreEqual("dp.example.com", a.DefaultDpAddress);
            Assert.AreEqual("lpa.ds.gsma.com", a.RootDsAddress);

            var set = new SetDefaultDpAddressRequest();
            set.DefaultDpAddress = "other.example.com";
            Assert.AreEqual(SetDefaultDpAddressResult.Ok, Es10Result.Decode(e.Send(set.Encode()), RspTags.SetDefaultDpAddress).Result);
            // Persistent: a fresh engine over the same store reads it back.
            var after = EuiccConfiguredAddresses.Decode(e.Reboot().Send(EuiccConfiguredAddresses.EncodeRequest()));
            Assert.AreEqual("other.example.com", after.DefaultDpAddress);
            Assert.AreEqual("lpa.ds.gsma.com", after.RootDsAddress);

            // An empty address removes the default (SGP.22 §5.7.4).
            set.DefaultDpAddress = "";
            Assert.AreEqual(SetDefaultDpAddressResult.Ok, Es10Result.Decode(e.Send(set.Encode()), RspTags.SetDefaultDpAddress).Result);
            Assert.IsNull(EuiccConfiguredAddresses.Decode(e.Send(EuiccConfiguredAddresses.EncodeRequest())).DefaultDpAddress);

            // Malformed requests: 6A80 and no change.
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF3F0282")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF3C0281")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
            Assert.IsNull(EuiccConfiguredAddresses.Decode(e.Send(EuiccConfiguredAddresses.EncodeRequest())).DefaultDpAddress);
        }

        [TestMethod]
        public void EuiccInfo1And2ListTheTrustedCi()
        {
            var e = PortableEuicc.New();
            string ci = Hex.Encode(PortableTestPki.P256.CiPkId);
            var i1 = EuiccInfo1.Decode(e.Send(EuiccInfo1.EncodeRequest()));
            Assert.AreEqual("020500", Hex.Encode(i1.Svn));
            Assert.AreEqual(1, i1.CiPKIdListForVerification.Length);
            Assert.AreEqual(ci, Hex.Encode(i1.CiPKIdListForVerification[0]));
            Assert.AreEqual(1, i1.CiPKIdListForSigning.Length);
            Assert.AreEqual(ci, Hex.Encode(i1.CiPKIdListForSigning[0]));

            var i2 = EuiccInfo2.Decode(e.Send(EuiccInfo2.EncodeRequest()));
            Assert.AreEqual("020500", Hex.Encode(i2.Svn));
            Assert.AreEqual("020301", Hex.Encode(i2.ProfileVersion));
            Assert.AreEqual(ci, Hex.Encode(i2.CiPKIdListForVerification[0]));
            Assert.AreEqual(ci, Hex.Encode(i2.CiPKIdListForSigning[0]));
            Assert.AreEqual("IOTESIM-TEST", i2.SasAcreditationNumber);
            // extCardResource: no profile installed yet (81 01 00).
            Assert.AreEqual("810100", Hex.Encode(i2.ExtCardResource, 0, 3));

            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF2003")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
        }

        [TestMethod]
        public void GetEid()
        {
            var e = PortableEuicc.New();
            Assert.AreEqual(PortableTestPki.Eid, Eid.FromBytes(GetEuiccData.Decode(e.Send(GetEuiccData.EncodeRequest())).Eid));
            // Only tag 5A may be asked for.
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF3E035C0101")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
        }

        [TestMethod]
        public void GetEuiccChallengeIsFreshAndStartsASession()
        {
            var e = PortableEuicc.New();
            byte[] a = GetEuiccChallenge.Decode(e.Send(GetEuiccChallenge.EncodeRequest())).EuiccChallenge;
            byte[] b = GetEuiccChallenge.Decode(e.Send(GetEuiccChallenge.EncodeRequest())).EuiccChallenge;
            Assert.AreEqual(16, a.Length);
            Assert.AreNotEqual(Hex.Encode(a), Hex.Encode(b));
            Assert.IsNotNull(e.Engine.Session);
            Assert.AreEqual(Hex.Encode(b), Hex.Encode(e.Engine.Session.EuiccChallenge), "the newest challenge counts");
        }

        [TestMethod]
        public void GetRatListsTheTableSetAtManufacture()
        {
            var e = PortableEuicc.New();
            Assert.AreEqual(0, GetRatResponse.Decode(e.Send(GetRatResponse.EncodeRequest())).Rules.Count);

            var o = new EuiccOptions();
            var rule = new ProfilePolicyAuthorisationRule();
            rule.PprIds = BitString.FromBits(new int[] { 1 });
            var op = new OperatorId();
            op.MccMnc = Hex.Decode("21F354");
            rule.AllowedOperators.Add(op);
            rule.PprFlags = BitString.FromBits(new int[0]);
            o.RulesAuthorisationTable.Add(rule);
            var withRat = new PortableEuicc(PortableTestPki.P256.Identity(), o, null);
            var rat = GetRatResponse.Decode(withRat.Send(GetRatResponse.EncodeRequest()));
            Assert.AreEqual(1, rat.Rules.Count);
            var got = (ProfilePolicyAuthorisationRule)rat.Rules[0];
            Assert.AreEqual("21F354", Hex.Encode(((OperatorId)got.AllowedOperators[0]).MccMnc));
            // EUICCInfo2 forbiddenProfilePolicyRules now lists only PPR2 (PPR1 is allowed for that operator).
            var i2 = EuiccInfo2.Decode(withRat.Send(EuiccInfo2.EncodeRequest()));
            Assert.IsFalse(i2.ForbiddenProfilePolicyRules.Get(1));
            Assert.IsTrue(i2.ForbiddenProfilePolicyRules.Get(2));
        }
    }
}
