using System;
using System.IO;
using System.Linq;
using IotEsim.Tests.Guard;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Firmware
{
    /// <summary>The nanoFramework guard (tests/IotEsim.Tests/Guard) over IotEsim.Firmware.Core, as NanoGuardTests does for the other parts.</summary>
    [TestClass]
    public class FirmwareGuardTests
    {
        [TestMethod]
        public void FirmwareCoreIsPortable()
        {
            string assembly = typeof(IotEsim.Firmware.At.AtChannel).Assembly.Location;
            string config = Path.Combine(TestData.RepoRoot, "firmware", "core", "packages.config");
            var guard = NanoGuard.ForPackagesConfig(config, Path.Combine(TestData.SharedRoot, "nanoframework-api"));
            var violations = guard.Check(assembly);
            var text = string.Join(Environment.NewLine, violations.Select(v => v.ToString()));
            Assert.AreEqual(0, violations.Count, violations.Count + " non-portable use(s):" + Environment.NewLine + text);
        }
    }
}
