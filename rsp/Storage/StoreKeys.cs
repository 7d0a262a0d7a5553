using System;

namespace IotEsim.Rsp.Storage
{
    /// <summary>
    /// Key rules shared by every <see cref="IStore"/>: '/'-separated segments of [A-Za-z0-9._-],
    /// no empty segment, no "." or ".." segment, no leading '/'. The file stores map keys to paths,
    /// so a key must never be able to leave the store's root.
    /// </summary>
    public static class StoreKeys
    {
        public static void Validate(string key)
        {
            if (key == null) throw new ArgumentNullException("key");
            if (key.Length == 0) throw new ArgumentException("empty key", "key");
            int segStart = 0;
            for (int i = 0; i <= key.Length; i++)
            {
                if (i == key.Length || key[i] == '/')
                {
                    int len = i - segStart;
                    if (len == 0) throw new ArgumentException("empty segment in key " + key, "key");
                    if (key[segStart] == '.' && (len == 1 || (len == 2 && key[segStart + 1] == '.')))
                        throw new ArgumentException("'.' or '..' segment in key " + key, "key");
                    segStart = i + 1;
                    continue;
                }
                char c = key[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                if (!ok) throw new ArgumentException("character " + ((int)c).ToString() + " not allowed in key " + key, "key");
            }
        }

        /// <summary>Ordinal (char code) comparison, the order <see cref="IStore.List"/> returns.</summary>
        public static int CompareOrdinal(string a, string b)
        {
            int n = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < n; i++)
            {
                int d = a[i] - b[i];
                if (d != 0) return d;
            }
            return a.Length - b.Length;
        }

        /// <summary>Sorts in place, ordinal; lists are short (keys under one prefix), so insertion sort is enough.</summary>
        public static void SortOrdinal(string[] keys)
        {
            for (int i = 1; i < keys.Length; i++)
            {
                var k = keys[i];
                int j = i - 1;
                while (j >= 0 && CompareOrdinal(keys[j], k) > 0)
                {
                    keys[j + 1] = keys[j];
                    j--;
                }
                keys[j + 1] = k;
            }
        }
    }
}
