using System;
using System.Collections.Generic;

namespace PromptGen.Generator.Templates
{
    /// <summary>"Did you mean …?" for names in templates.</summary>
    internal static class TemplateNames
    {
        /// <summary>
        /// The candidate closest to <paramref name="name"/> by edit distance (insertions, deletions, substitutions
        /// and swaps of two neighbours, ignoring case), or <see langword="null"/> when none is close enough.
        /// </summary>
        /// <remarks>
        /// Close enough: a case-only difference always; otherwise at most 1 edit for names of 3–5 characters,
        /// 2 for 6–9 and 3 beyond (names of 1–2 characters only match by case, so <c>x</c> never suggests
        /// <c>y</c>), and never more edits than half the candidate's length. Ties go to the candidate that
        /// also matches case best, then to the ordinal-smallest, so the answer does not depend on order.
        /// </remarks>
        public static string? Suggest(string name, IEnumerable<string> candidates)
        {
            if (string.IsNullOrEmpty(name) || candidates is null)
            {
                return null;
            }

            int threshold = name.Length <= 2 ? 0 : name.Length <= 5 ? 1 : name.Length <= 9 ? 2 : 3;
            string? best = null;
            int bestDistance = int.MaxValue;
            int bestCaseDistance = int.MaxValue;
            foreach (string candidate in candidates)
            {
                if (string.IsNullOrEmpty(candidate))
                {
                    continue;
                }

                int distance = Distance(name, candidate, ignoreCase: true);
                if (distance > threshold || (distance > 0 && distance * 2 > candidate.Length))
                {
                    continue;
                }

                int caseDistance = Distance(name, candidate, ignoreCase: false);
                if (distance < bestDistance
                    || (distance == bestDistance && caseDistance < bestCaseDistance)
                    || (distance == bestDistance && caseDistance == bestCaseDistance && string.CompareOrdinal(candidate, best) < 0))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestCaseDistance = caseDistance;
                }
            }

            return best;
        }

        /// <summary>Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring).</summary>
        internal static int Distance(string a, string b, bool ignoreCase)
        {
            var rows = new int[3][];
            for (int r = 0; r < 3; r++)
            {
                rows[r] = new int[b.Length + 1];
            }

            for (int j = 0; j <= b.Length; j++)
            {
                rows[1][j] = j;
            }

            int[] beforePrevious = rows[0], previous = rows[1], current = rows[2];
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = Same(a[i - 1], b[j - 1], ignoreCase) ? 0 : 1;
                    int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2], ignoreCase) && Same(a[i - 2], b[j - 1], ignoreCase))
                    {
                        value = Math.Min(value, beforePrevious[j - 2] + 1);
                    }

                    current[j] = value;
                }

                int[] recycled = beforePrevious;
                beforePrevious = previous;
                previous = current;
                current = recycled;
            }

            return previous[b.Length];
        }

        private static bool Same(char x, char y, bool ignoreCase) =>
            x == y || (ignoreCase && char.ToUpperInvariant(x) == char.ToUpperInvariant(y));
    }
}
