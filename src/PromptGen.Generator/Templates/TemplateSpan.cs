using System;
using System.Globalization;

namespace PromptGen.Generator.Templates
{
    /// <summary>
    /// A range of characters in a template, as <see cref="Start"/> and <see cref="Length"/> offsets into the template
    /// string's <em>value</em> (not the C# source text; <see cref="LiteralSpanMap"/> maps one to the other).
    /// </summary>
    internal readonly struct TemplateSpan : IEquatable<TemplateSpan>
    {
        public TemplateSpan(int start, int length)
        {
            Start = start;
            Length = length;
        }

        /// <summary>Offset of the first character.</summary>
        public int Start { get; }

        /// <summary>Number of characters; zero for a position between two characters.</summary>
        public int Length { get; }

        /// <summary>Offset just past the last character.</summary>
        public int End => Start + Length;

        public static TemplateSpan FromBounds(int start, int end) => new TemplateSpan(start, end - start);

        public bool Equals(TemplateSpan other) => Start == other.Start && Length == other.Length;

        public override bool Equals(object? obj) => obj is TemplateSpan other && Equals(other);

        public override int GetHashCode() => unchecked((Start * 397) ^ Length);

        public static bool operator ==(TemplateSpan left, TemplateSpan right) => left.Equals(right);

        public static bool operator !=(TemplateSpan left, TemplateSpan right) => !left.Equals(right);

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "[{0}..{1})", Start, End);
    }
}
