using System;

namespace PromptGen.Generator.Templates
{
    /// <summary>
    /// A syntax error in a template: what is wrong and how to fix it, at the exact characters it is about.
    /// </summary>
    /// <remarks>
    /// Messages are complete sentences without a trailing period, so that a diagnostic can use them as its whole
    /// message (<c>"{0}"</c>). Spans are offsets into the template's value, like every other span in this folder.
    /// </remarks>
    internal sealed class TemplateError : IEquatable<TemplateError>
    {
        public TemplateError(string message, TemplateSpan span)
        {
            Message = message;
            Span = span;
        }

        public string Message { get; }

        public TemplateSpan Span { get; }

        public bool Equals(TemplateError? other) =>
            other is not null && Span == other.Span && string.Equals(Message, other.Message, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as TemplateError);

        public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(Message) * 397) ^ Span.GetHashCode());

        public override string ToString() => Span + ": " + Message;
    }
}
