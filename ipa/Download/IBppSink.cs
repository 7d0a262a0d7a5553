using System;
using System.IO;

namespace IotEsim.Ipa.Download
{
    /// <summary>Consumes a Bound Profile Package while it arrives (hands it to the eUICC) and returns
    /// the ProfileInstallationResult TLV (BF37) the eUICC produced.</summary>
    public interface IBppSink
    {
        byte[] Load(Stream boundProfilePackage);
    }

    /// <summary>The usual sink: ES10b.LoadBoundProfilePackage over an ES10 channel.</summary>
    public sealed class Es10BppSink : IBppSink
    {
        private readonly IotEsim.Ipa.Es10.Es10Channel _es10;
        private readonly IBppProgress _progress;

        public Es10BppSink(IotEsim.Ipa.Es10.Es10Channel es10, IBppProgress progress)
        {
            _es10 = es10;
            _progress = progress;
        }

        /// <summary>True once the first ES10 request of the package reached the eUICC (from then on a
        /// failure needs ES10b.CancelSession to clean up the half-loaded ISD-P).</summary>
        public bool Started;

        public byte[] Load(Stream boundProfilePackage)
        {
            Started = true;
            return LoadBoundProfilePackage.Execute(_es10, boundProfilePackage, _progress);
        }
    }
}
