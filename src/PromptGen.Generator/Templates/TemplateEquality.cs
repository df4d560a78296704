using System.Collections.Generic;

namespace PromptGen.Generator.Templates
{
    /// <summary>Structural equality helpers for the template model (every type in it compares by value).</summary>
    internal static class TemplateEquality
    {
        public static bool SequenceEqual<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right)
        {
            if (ReferenceEquals(left, right))
            {
                return true;
            }

            if (left is null || right is null || left.Count != right.Count)
            {
                return false;
            }

            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            for (int i = 0; i < left.Count; i++)
            {
                if (!comparer.Equals(left[i], right[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public static int SequenceHash<T>(IReadOnlyList<T>? items)
        {
            if (items is null)
            {
                return 0;
            }

            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            int hash = items.Count;
            for (int i = 0; i < items.Count; i++)
            {
                hash = Combine(hash, items[i] is null ? 0 : comparer.GetHashCode(items[i]!));
            }

            return hash;
        }

        public static int Combine(int a, int b) => unchecked((a * 397) ^ b);

        public static int Combine(int a, int b, int c) => Combine(Combine(a, b), c);
    }
}
