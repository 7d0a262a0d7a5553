using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests
{
    /// <summary>
    /// Gives MSTest the non-generic <c>Assert.ThrowsException(Type, Action)</c> that
    /// nanoFramework.TestFramework has, so the shared tests in ../unit compile unchanged on both.
    /// The thrown type must match exactly (a subclass does not count), as on the device.
    /// </summary>
    public static class AssertCompat
    {
        extension(Assert)
        {
            public static void ThrowsException(Type expected, Action action, string message = "")
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    if (e.GetType() != expected)
                        throw new AssertFailedException("Expected " + expected.FullName + " but got " + e.GetType().FullName + ": " + e.Message + " " + message);
                    return;
                }
                throw new AssertFailedException("Expected " + expected.FullName + " but no exception was thrown. " + message);
            }
        }
    }
}
