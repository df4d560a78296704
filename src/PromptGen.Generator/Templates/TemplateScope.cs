using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Templates;

/// <summary>
/// What a method's templates may read, as plain values: the input parameters and, in <see cref="Types"/>, every type
/// the binder can meet from them. The parser reads it from symbols inside the generator's transform; the binder runs
/// later, in its own cached step, on this value alone.
/// </summary>
/// <param name="ParameterNames">Every parameter name of the method (without <c>@</c>): loop locals avoid them.</param>
/// <param name="Variables">The names a template may read (the input parameters) and their types.</param>
/// <param name="Types">The type table; <see cref="TemplateTypes"/> holds the indices of the few types binding itself produces.</param>
internal sealed record TemplateScope(EquatableArray<string> ParameterNames, EquatableArray<TemplateVariable> Variables, EquatableArray<TemplateType> Types)
{
    /// <summary>The type of <paramref name="index"/>, or null for <see cref="TemplateTypes.None"/>.</summary>
    public TemplateType? this[int index] => index < 0 ? null : Types[index];
}

/// <summary>A name a template may read (an input parameter, as written, without <c>@</c>) and the index of its type.</summary>
internal sealed record TemplateVariable(string Name, int Type);

/// <summary>A member a template may read after a dot, and the index of its type; <paramref name="Refusal"/> says why it cannot be read (PG0083), else null.</summary>
internal sealed record TemplateMember(string Name, int Type, string? Refusal = null);

/// <summary>
/// A type as the template binder sees it. <see cref="Members"/> holds only the members whose names occur after a dot
/// in the method's templates (so a parameter of a large type costs little); <see cref="MemberNames"/> all readable
/// members, for did-you-mean — both empty when no template reads a member at all. <see cref="Element"/> is read only when
/// a template has a <c>for</c> loop or <c>array.join</c>.
/// </summary>
/// <param name="Display">The type as messages name it (<c>ToDisplayString()</c>).</param>
/// <param name="Special">Its special type (string, bool, numbers, DateTime), else <see cref="SpecialType.None"/>.</param>
/// <param name="IsReferenceType">Whether reading a member needs <c>?.</c>.</param>
/// <param name="IsValueType">Whether a member read through <c>?.</c> becomes <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="Underlying">For <c>Nullable&lt;T&gt;</c>, the index of T; else <see cref="TemplateTypes.None"/>.</param>
/// <param name="Element">The element type a <c>for</c> loop reads, or <see cref="TemplateTypes.None"/> when the type is not a sequence.</param>
/// <param name="IsDate">A date or time type (<c>DateTime</c>, <c>DateTimeOffset</c>, <c>DateOnly</c>, <c>TimeOnly</c>).</param>
/// <param name="Code">The type as generated code writes it (<c>global::</c>-qualified), for a loop variable's declaration.</param>
/// <param name="IsImage">An <c>ImageInput</c> or a list of them: attached as image parts, never inserted as text (PG0070).</param>
/// <param name="Kind">What a comparison may do with a value of this type (<see cref="TemplateOperands"/>).</param>
/// <param name="IsComparable">Whether the type implements <c>System.IComparable</c> (an ordering of two such values works).</param>
/// <param name="Facts">For an interface, the BCL values that implement it; for an enum, its member names (<see cref="TemplateOperands"/>).</param>
/// <param name="Unreadable">Why generated code cannot hold a value of this type (a pointer, a ref struct: <see cref="MemberReading.Unreadable"/>), else null.</param>
internal sealed record TemplateType(
    string Display,
    SpecialType Special,
    bool IsReferenceType,
    bool IsValueType,
    int Underlying,
    int Element,
    bool IsDate,
    EquatableArray<TemplateMember> Members,
    EquatableArray<string> MemberNames,
    bool IsImage = false,
    string Code = "object",
    OperandKind Kind = OperandKind.Open,
    bool IsComparable = false,
    OperandFacts? Facts = null,
    string? Unreadable = null)
{
    public bool IsNullableValue => Underlying >= 0;

    /// <summary>The first readable member named <paramref name="name"/> (base types first in declaration order, as C# looks it up), or null.</summary>
    public TemplateMember? Member(string name)
    {
        foreach (var member in Members)
        {
            if (member.Name == name)
            {
                return member;
            }
        }

        return null;
    }
}

/// <summary>The fixed entries of every <see cref="TemplateScope.Types"/> table, and the reader that builds the table from symbols.</summary>
internal static class TemplateTypes
{
    public const int None = -1;
    public const int Object = 0;
    public const int Boolean = 1;
    public const int Int32 = 2;
    public const int String = 3;

    /// <summary>
    /// Reads the scope of a method's templates: <paramref name="inputs"/> (the parameters a template may read) with every
    /// type reachable from them through a member whose name occurs in <paramref name="templates"/>, or through a
    /// sequence's elements. <paramref name="names"/>, shared by one interface's methods, writes each type's names once
    /// per parse rather than once per method (the transform re-runs on every keystroke).
    /// </summary>
    public static TemplateScope Read(IEnumerable<string> parameterNames, IEnumerable<KeyValuePair<string, ITypeSymbol>> inputs, IEnumerable<string> templates, KnownTypes known, TypeNames? names = null)
    {
        // One reader per thread, emptied after each use: its collections are the scope's working space, and this runs
        // for every templated method on every keystroke. Read never re-enters itself.
        var reader = _reader ?? new Reader();
        _reader = null;
        try
        {
            var loops = Words(templates, reader.Dotted);
            reader.Start(known, loops, names ?? known.Names);
            var variables = new List<TemplateVariable>(inputs is IReadOnlyCollection<KeyValuePair<string, ITypeSymbol>> { Count: var count } ? count : 4);
            foreach (var input in inputs)
            {
                variables.Add(new TemplateVariable(input.Key, reader.Describe(input.Value)));
            }

            return new TemplateScope(Unescaped(parameterNames), variables.ToEquatableArray(), reader.Types.ToEquatableArray());
        }
        finally
        {
            reader.Clear();
            _reader = reader;
        }
    }

    [ThreadStatic]
    private static Reader? _reader;

    /// <summary>The names without <c>@</c>: an array that has none (a symbol's names never do) is kept as it is.</summary>
    private static EquatableArray<string> Unescaped(IEnumerable<string> names)
    {
        if (names is string[] array && Array.TrueForAll(array, static name => name.IndexOf('@') < 0))
        {
            return EquatableArray<string>.Adopt(array);
        }

        var unescaped = new List<string>();
        foreach (var name in names)
        {
            unescaped.Add(SymbolText.Unescape(name));
        }

        return unescaped.ToEquatableArray();
    }

    /// <summary>
    /// The identifier-like words right after a dot (<paramref name="dotted"/>): the only member names a template can read
    /// (a superset: text outside <c>{{ }}</c> counts too); returns whether any word is <c>for</c> or <c>join</c>, so
    /// element types are needed. Only the dotted words become strings: this runs in the transform, on every keystroke.
    /// </summary>
    private static bool Words(IEnumerable<string> templates, HashSet<string> dotted)
    {
        var loops = false;
        foreach (var template in templates)
        {
            for (var i = 0; i < template.Length;)
            {
                if (!TemplateLexer.IsIdentifierPart(template[i]))
                {
                    i++;
                    continue;
                }

                var start = i;
                while (i < template.Length && TemplateLexer.IsIdentifierPart(template[i]))
                {
                    i++;
                }

                if (start > 0 && template[start - 1] == '.')
                {
                    dotted.Add(template.Substring(start, i - start));
                }

                loops |= IsWord(template, start, i, "for") || IsWord(template, start, i, "join");
            }
        }

        return loops;

        static bool IsWord(string text, int start, int end, string word) =>
            end - start == word.Length && string.CompareOrdinal(text, start, word, 0, word.Length) == 0;
    }

    private sealed class Reader
    {
        private readonly HashSet<string> _members = new(StringComparer.Ordinal);
        private readonly Dictionary<ITypeSymbol, int> _indices = new(SymbolEqualityComparer.IncludeNullability);
        private KnownTypes _known = null!;
        private bool _elements;
        private TypeNames _names = null!;

        /// <summary>The names templates may read after a dot (filled before <see cref="Start"/>); no member is looked up when it is empty.</summary>
        public HashSet<string> Dotted => _members;

        /// <param name="elements">Whether a template loops or joins, so element types are needed.</param>
        public void Start(KnownTypes known, bool elements, TypeNames names)
        {
            _known = known;
            _names = names;
            _elements = elements;
            Types.AddRange(Fixed);
        }

        /// <summary>Empties the reader for its next use, and lets go of the compilation's symbols.</summary>
        public void Clear()
        {
            _members.Clear();
            _indices.Clear();
            Types.Clear();
            _known = null!;
            _names = null!;
        }

        public List<TemplateType> Types { get; } = new();

        public int Describe(ITypeSymbol type)
        {
            if (_indices.TryGetValue(type, out var index))
            {
                return index;
            }

            index = Types.Count;
            _indices[type] = index;
            Types.Add(null!); // reserved: a member may lead back to this type
            Types[index] = Build(type);
            return index;
        }

        /// <summary>
        /// The types binding itself produces (<c>for.index</c> is an int, a condition a bool, a pipe's result a string or
        /// an object): constants, with no members to read. A parameter of one of these types gets its own entry.
        /// </summary>
        private static readonly TemplateType[] Fixed =
        {
            Constant("object", SpecialType.System_Object, isReferenceType: true, OperandKind.Open),
            Constant("bool", SpecialType.System_Boolean, isReferenceType: false, OperandKind.Boolean),
            Constant("int", SpecialType.System_Int32, isReferenceType: false, OperandKind.Number),
            Constant("string", SpecialType.System_String, isReferenceType: true, OperandKind.String),
        };

        private static TemplateType Constant(string display, SpecialType special, bool isReferenceType, OperandKind kind) =>
            new(display, special, isReferenceType, !isReferenceType, None, None, false, EquatableArray<TemplateMember>.Empty, EquatableArray<string>.Empty,
                Code: display, Kind: kind, IsComparable: kind != OperandKind.Open);

        private TemplateType Build(ITypeSymbol type)
        {
            var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                ? Describe(nullable.TypeArguments[0])
                : None;
            var element = _elements && ElementType(type) is { } elementType ? Describe(elementType) : None;
            if (_members.Count == 0 && underlying == None && element == None)
            {
                // No template reads a member (most methods) and the entry points at no other: the same value for every
                // method of the compilation, built once (KnownTypes.PlainTemplateTypes); no member is looked up.
                return _known.PlainTemplateTypes.TryGetValue(type, out var plain) ? plain : _known.PlainTemplateTypes.GetOrAdd(type, Plain(type));
            }

            var (kind, comparable, facts) = TemplateOperands.Classify(type, _known);
            if (_members.Count == 0)
            {
                // No template reads a member: no member is looked up, and nothing is allocated for them.
                return new TemplateType(_names.Display(type), type.SpecialType, type.IsReferenceType, type.IsValueType, underlying, element, IsDate(type),
                    EquatableArray<TemplateMember>.Empty, EquatableArray<string>.Empty, Images.ImageParameters.IsImage(type, _known), _names.Of(type), kind, comparable, facts,
                    MemberReading.Unreadable(type, _names.Display(type)));
            }

            var members = new List<TemplateMember>();
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in AllMembers(type))
            {
                if (!seen.Add(member.Name))
                {
                    continue;
                }

                names.Add(member.Name);
                if (_members.Contains(member.Name))
                {
                    var memberType = member switch
                    {
                        IPropertySymbol property => property.Type,
                        IFieldSymbol field => field.Type,
                        _ => null,
                    };
                    members.Add(new TemplateMember(member.Name, memberType is null ? None : Describe(memberType), MemberReading.Refusal(type, member, _names)));
                }
            }

            foreach (var unreadable in MemberReading.Unreadables(LookupOrder(type), _members, seen))
            {
                members.Add(new TemplateMember(unreadable.Name, None, MemberReading.Refusal(unreadable, _names)));
            }

            return new TemplateType(_names.Display(type), type.SpecialType, type.IsReferenceType, type.IsValueType, underlying, element, IsDate(type),
                members.ToEquatableArray(), names.ToEquatableArray(), Images.ImageParameters.IsImage(type, _known), _names.Of(type), kind, comparable, facts,
                MemberReading.Unreadable(type, _names.Display(type)));
        }

        /// <summary>A type's entry when it reads no member and points at no other entry.</summary>
        private TemplateType Plain(ITypeSymbol type)
        {
            var (kind, comparable, facts) = TemplateOperands.Classify(type, _known);
            return new TemplateType(_names.Display(type), type.SpecialType, type.IsReferenceType, type.IsValueType, None, None, IsDate(type),
                EquatableArray<TemplateMember>.Empty, EquatableArray<string>.Empty, Images.ImageParameters.IsImage(type, _known), _names.Of(type), kind, comparable, facts,
                MemberReading.Unreadable(type, _names.Display(type)));
        }

        private static bool IsDate(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_DateTime
            || (type is { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                && type.Name is "DateTimeOffset" or "DateOnly" or "TimeOnly");

        private ITypeSymbol? ElementType(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            var unwrapped = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
            if (Sequences.CannotBe(unwrapped))
            {
                return null;
            }

            var sequence = _known.SequenceOf(unwrapped);
            return sequence.Elements.Length > 0 ? sequence.Elements[0] : sequence.IsEnumerable ? _known.Object : null;
        }

        /// <summary>Public instance properties (with a public getter, not indexers) and fields, the type's own first, then its bases' (an interface's own, then all it inherits).</summary>
        private static IEnumerable<ISymbol> AllMembers(ITypeSymbol type)
        {
            foreach (var current in LookupOrder(type))
            {
                foreach (var member in current.GetMembers())
                {
                    if (MemberReading.IsReadable(member))
                    {
                        yield return member;
                    }
                }
            }
        }

        /// <summary>The type, then its base classes (an interface: itself, then all it inherits).</summary>
        private static IEnumerable<ITypeSymbol> LookupOrder(ITypeSymbol type) =>
            type.TypeKind == TypeKind.Interface ? new[] { type }.Concat(type.AllInterfaces) : BaseTypes(type);

        private static IEnumerable<ITypeSymbol> BaseTypes(ITypeSymbol type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                yield return current;
            }
        }
    }
}
