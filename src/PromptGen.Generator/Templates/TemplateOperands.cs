using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Templates;

/// <summary>
/// What a comparison operand's static type tells about its value at run time, for the rules of
/// <c>PromptText.AreEqual</c> and <c>PromptText.Compare</c> (see <see cref="TemplateOperands"/>).
/// </summary>
internal enum OperandKind
{
    /// <summary>The value's run-time type is not known: <c>object</c>, <c>ValueType</c>, <c>Enum</c>, a type parameter, <c>dynamic</c>.</summary>
    Open,

    /// <summary>
    /// An interface: the value is a user type or one of the BCL types that implement it
    /// (<see cref="OperandFacts.Implementers"/>, as <c>int</c> is an <c>IComparable</c> and never an <c>IEnumerable&lt;int&gt;</c>).
    /// </summary>
    Interface,

    /// <summary>The <c>null</c> literal.</summary>
    Null,

    /// <summary><c>byte</c> … <c>decimal</c> (and number literals): compared by value, whatever the width.</summary>
    Number,

    /// <summary><c>string</c> (and string literals).</summary>
    String,

    /// <summary><c>bool</c> (and <c>true</c>, <c>false</c>).</summary>
    Boolean,

    /// <summary><c>char</c>: not a number at run time.</summary>
    Char,

    /// <summary>An enum type: equal to its member's name, ordered only against its own type.</summary>
    Enum,

    /// <summary><c>DateTime</c>, <c>DateTimeOffset</c>, <c>DateOnly</c>, <c>TimeOnly</c>: each ordered only against its own type.</summary>
    Date,

    /// <summary>
    /// Any other struct of the BCL (namespace <c>System</c> or <c>System.Numerics</c>: <c>TimeSpan</c>, <c>Guid</c>,
    /// <c>Int128</c>, <c>nint</c>, tuples…): equal only to a value of its own type, ordered only against its own type.
    /// </summary>
    Scalar,

    /// <summary>
    /// Any other struct, or a sealed class (a sealed record, an array) that is not IComparable: its run-time type is
    /// exactly the static type, so whether two of them can be ordered is known at build time.
    /// </summary>
    Struct,

    /// <summary>Any other class (records, collections): its run-time type is the static type or a subclass.</summary>
    Class,
}

/// <summary>Which kinds of BCL value can be behind an operand of <see cref="OperandKind.Interface"/> type.</summary>
[Flags]
internal enum OperandKinds
{
    None = 0,
    Number = 1,
    String = 2,
    Boolean = 4,
    Char = 8,
    Enum = 16,
    Date = 32,
    Scalar = 64,
}

/// <summary>A member of an enum: its C# name, which is what the template compares a string with, and its JSON name when [JsonStringEnumMemberName] renames it.</summary>
/// <summary>
/// An enum member as <c>ToString()</c> and System.Text.Json name it. <see cref="Value"/> is its value's bits, or null when
/// the enum has a negative or a repeated value (then <c>ToString()</c>'s choice of name is not decided here).
/// </summary>
internal sealed record EnumMemberName(string Name, string? JsonName, ulong? Value = null);

/// <summary>
/// What the comparison rule needs beyond an operand's kind: for an interface, which BCL values implement it; for an enum,
/// its members (in declaration order) and whether it is [Flags]; for a record, it and its base records (as messages
/// name types): a record's generated <c>Equals</c> is false for a value of any type outside its hierarchy.
/// </summary>
internal sealed record OperandFacts(OperandKinds Implementers, EquatableArray<EnumMemberName> Members, bool IsFlags, EquatableArray<string> Records = default);

/// <summary>
/// The build-time rule for template comparisons (<c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>,
/// <c>&gt;=</c>), derived from what the runtime does with two values:
/// <list type="bullet">
/// <item><c>PromptText.AreEqual</c>: null equals only null; numbers by value whatever their type; an enum equals a string
/// that is its <c>ToString()</c> (the C# member name; for [Flags] names joined by ", "; the number when no member has the
/// value); a value of a BCL scalar type (string, bool, char, numbers, enums, dates, any struct of <c>System</c>) is equal
/// only to a value of its own run-time type; two other values by <c>left.Equals(right)</c>.</item>
/// <item><c>PromptText.Compare</c>: null before anything; numbers by value, strings ordinally, otherwise
/// <c>IComparable</c> when both values have the same run-time type; anything else throws.</item>
/// </list>
/// So a comparison is an error when it can never work: a value that is never null compared with <c>null</c> (the result
/// is a constant); an equality of a BCL scalar with a value that can never have its run-time type, or of an enum with a
/// string literal that its <c>ToString()</c> never returns; an ordering of two values that can never have one run-time
/// type (and are not two numbers or two strings), or of one type that is not <c>IComparable</c>. An interface operand can
/// hold a user type or a BCL type that implements it (<see cref="OperandFacts.Implementers"/>). Operands of
/// <see cref="OperandKind.Open"/> type, equality of two user types (their <c>Equals</c> is user code) and ordering of two
/// unsealed classes or of an interface with a user type (a subclass or implementer may be comparable) are left to the
/// run-time check.
/// </summary>
internal static class TemplateOperands
{
    private static readonly string[] NumberTypes =
    {
        "System.Byte", "System.SByte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32",
        "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.Decimal",
    };

    private static readonly (string Name, OperandKinds Kind)[] ScalarTypes =
    {
        ("System.String", OperandKinds.String), ("System.Boolean", OperandKinds.Boolean), ("System.Char", OperandKinds.Char),
        ("System.Enum", OperandKinds.Enum), ("System.DateTime", OperandKinds.Date), ("System.DateTimeOffset", OperandKinds.Date),
        ("System.DateOnly", OperandKinds.Date), ("System.TimeOnly", OperandKinds.Date), ("System.TimeSpan", OperandKinds.Scalar),
        ("System.Guid", OperandKinds.Scalar), ("System.Int128", OperandKinds.Scalar), ("System.IntPtr", OperandKinds.Scalar),
    };

    /// <summary>The kind of <paramref name="type"/>, whether it implements <c>System.IComparable</c>, and the facts the rule needs for an interface or enum.</summary>
    /// <param name="known">When given, whether the type is <c>IComparable</c> is remembered for its compilation.</param>
    public static (OperandKind Kind, bool IsComparable, OperandFacts? Facts) Classify(ITypeSymbol type, KnownTypes? known = null)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal:
                return (OperandKind.Number, true, null);
            case SpecialType.System_String:
                return (OperandKind.String, true, null);
            case SpecialType.System_Boolean:
                return (OperandKind.Boolean, true, null);
            case SpecialType.System_Char:
                return (OperandKind.Char, true, null);
            case SpecialType.System_DateTime:
                return (OperandKind.Date, true, null);
            case SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum or SpecialType.System_Nullable_T:
                return (OperandKind.Open, false, null);
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return (OperandKind.Open, false, null); // the binder classifies T instead
        }

        if (type is { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } && type.Name is "DateTimeOffset" or "DateOnly" or "TimeOnly")
        {
            return (OperandKind.Date, true, null);
        }

        // Read only for the kinds that use it: AllInterfaces allocates a new array on every read.
        var comparable = type.TypeKind is TypeKind.Struct or TypeKind.Class or TypeKind.Array or TypeKind.Delegate or TypeKind.Pointer or TypeKind.Interface
            && (known?.IsComparable(type) ?? IsComparable(type));
        return type.TypeKind switch
        {
            TypeKind.Enum => (OperandKind.Enum, true, EnumFacts(type)),
            TypeKind.Struct => (IsBcl(type) ? OperandKind.Scalar : OperandKind.Struct, comparable, RecordFacts(type)),
            // No subclass of a sealed class can make it IComparable, so it is decided here as a struct is; arrays and
            // delegates are sealed too (Roslyn's IsSealed says so only for named types).
            TypeKind.Class or TypeKind.Array or TypeKind.Delegate or TypeKind.Pointer => ((type.IsSealed || type.TypeKind is TypeKind.Array or TypeKind.Delegate) && !comparable ? OperandKind.Struct : OperandKind.Class, comparable, RecordFacts(type)),
            TypeKind.Interface => (OperandKind.Interface, comparable, new OperandFacts(Implementers(type), EquatableArray<EnumMemberName>.Empty, false)),
            _ => (OperandKind.Open, false, null), // type parameters, dynamic, error types
        };
    }

    /// <summary>Whether <paramref name="type"/> implements <c>System.IComparable</c>.</summary>
    internal static bool IsComparable(ITypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented is { Name: "IComparable", Arity: 0, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For a record (class or struct): it and its base records, by display name; null for any other type.</summary>
    private static OperandFacts? RecordFacts(ITypeSymbol type)
    {
        if (!type.IsRecord)
        {
            return null;
        }

        var records = new List<string>();
        for (var current = type; current is { IsRecord: true }; current = current.BaseType)
        {
            records.Add(current.ToDisplayString());
        }

        return new OperandFacts(OperandKinds.None, EquatableArray<EnumMemberName>.Empty, false, records.ToEquatableArray());
    }

    /// <summary>A struct of the BCL: its <c>Equals</c> is false for a value of any other type (the runtime relies on it).</summary>
    private static bool IsBcl(ITypeSymbol type) =>
        type.ContainingNamespace is { ContainingNamespace.IsGlobalNamespace: true, Name: "System" }
            or { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// Which BCL values implement <paramref name="type"/> (an interface). Only the assembly that defines <c>System.Int32</c>
    /// declares interfaces that BCL scalars implement; an interface of any other assembly (a user interface) has none.
    /// </summary>
    private static OperandKinds Implementers(ITypeSymbol type)
    {
        if (type.ContainingAssembly is not { } library)
        {
            return OperandKinds.None;
        }

        var kinds = OperandKinds.None;
        foreach (var candidate in LibraryInterfaces.GetValue(library, BclInterfaces))
        {
            if ((kinds & candidate.Kind) != candidate.Kind && Implements(candidate.Interfaces, type))
            {
                kinds |= candidate.Kind;
            }
        }

        return kinds;

        static bool Implements(ImmutableArray<INamedTypeSymbol> interfaces, ITypeSymbol @interface)
        {
            foreach (var implemented in interfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, @interface))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The interfaces of each BCL number and scalar type a library defines, read once per library symbol: reading
    /// <c>AllInterfaces</c> allocates a new array each time, and every prompt interface's interface-typed operands ask.
    /// A metadata library's symbol outlives an edit, and the table holds only that library's own symbols.
    /// </summary>
    private static readonly ConditionalWeakTable<IAssemblySymbol, BclType[]> LibraryInterfaces = new();

    private static BclType[] BclInterfaces(IAssemblySymbol library)
    {
        if (library.GetTypeByMetadataName("System.Int32") is null)
        {
            return Array.Empty<BclType>(); // not the core library: an interface of it is implemented by no BCL scalar
        }

        var types = new List<BclType>();
        foreach (var (name, kind) in NumberTypes.Select(name => (name, OperandKinds.Number)).Concat(ScalarTypes))
        {
            if (library.GetTypeByMetadataName(name) is { } candidate)
            {
                types.Add(new BclType(kind, candidate.AllInterfaces));
            }
        }

        return types.ToArray();
    }

    private sealed record BclType(OperandKinds Kind, ImmutableArray<INamedTypeSymbol> Interfaces);

    private const string JsonStringEnumMemberNameAttribute = "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute";

    private static OperandFacts EnumFacts(ITypeSymbol type)
    {
        var fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).ToList();
        var values = fields.Select(f => f.ConstantValue switch
        {
            long or int or short or sbyte => Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture) is var signed and >= 0 ? (ulong?)signed : null,
            { } unsigned => Convert.ToUInt64(unsigned, CultureInfo.InvariantCulture),
            _ => null,
        }).ToList();
        var exact = values.All(v => v is not null) && values.Distinct().Count() == values.Count;
        var members = fields
            .Select((f, i) => new EnumMemberName(
                f.Name,
                f.GetAttributes().FirstOrDefault(a => a.AttributeClass is { Name: "JsonStringEnumMemberNameAttribute" } attribute && attribute.ToDisplayString() == JsonStringEnumMemberNameAttribute)
                    ?.ConstructorArguments.FirstOrDefault().Value as string,
                exact ? values[i] : null))
            .ToEquatableArray();
        var flags = type.GetAttributes().Any(a => a.AttributeClass is { Name: "FlagsAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
        return new OperandFacts(OperandKinds.None, members, flags);
    }

    /// <summary>
    /// Why <paramref name="left"/> <paramref name="operator"/> <paramref name="right"/> cannot work at run time, as the
    /// end of a PG0004 message (what is wrong, then what to do); null when it can.
    /// </summary>
    /// <param name="expression">The comparison as written in the template.</param>
    public static string? Problem(BinaryOperator @operator, Operand left, Operand right, string expression)
    {
        var equality = @operator is BinaryOperator.Equal or BinaryOperator.NotEqual;
        if (left.Kind == OperandKind.Null || right.Kind == OperandKind.Null)
        {
            return NullProblem(@operator, left, right, expression);
        }

        if (left.Kind == OperandKind.Open || right.Kind == OperandKind.Open)
        {
            return null;
        }

        var pair = left.Describe() + " with " + right.Describe();
        if (left.Kind == OperandKind.Interface || right.Kind == OperandKind.Interface)
        {
            return InterfaceProblem(@operator, left, right, expression, pair);
        }

        if (equality)
        {
            if (SameType(left, right) || (IsUserType(left.Kind) && IsUserType(right.Kind) && !UnrelatedRecords(left, right)))
            {
                return null;
            }

            if (NameOfEnum(left, right) || NameOfEnum(right, left))
            {
                return EnumNameProblem(@operator, left.Kind == OperandKind.Enum ? left : right, left.Kind == OperandKind.Enum ? right : left, expression, pair);
            }

            return Never(@operator, expression, pair) + Hint(@operator, left, right);
        }

        if (left.Kind == OperandKind.Class && right.Kind == OperandKind.Class)
        {
            return null;
        }

        if (SameType(left, right))
        {
            return left.IsComparable
                ? null
                : "'" + expression + "' orders two values of type '" + left.Display + "', which does not implement IComparable, so it throws on every call: "
                    + "compare one of its members (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter";
        }

        return Unordered(expression, pair) + Hint(@operator, left, right);
    }

    private static string Never(BinaryOperator @operator, string expression, string pair) =>
        "'" + expression + "' compares " + pair + ", which are never equal, so it is always " + (@operator == BinaryOperator.Equal ? "false" : "true") + ": ";

    private static string Unordered(string expression, string pair) =>
        "'" + expression + "' orders " + pair + ", which cannot be ordered, so it throws on every call: ";

    /// <summary>A value that is never null (a non-nullable value type, a literal) compared with <c>null</c>: the result never changes.</summary>
    private static string? NullProblem(BinaryOperator @operator, Operand left, Operand right, string expression)
    {
        var value = left.Kind == OperandKind.Null ? right : left;
        if (value.Kind == OperandKind.Null || value.CanBeNull)
        {
            return null;
        }

        var result = @operator switch
        {
            BinaryOperator.Equal => false,
            BinaryOperator.NotEqual => true,
            // null orders before any value.
            BinaryOperator.Less or BinaryOperator.LessOrEqual => right.Kind == OperandKind.Null ? false : true,
            _ => right.Kind == OperandKind.Null,
        };
        var subject = value.IsLiteral ? value.Display + " " + value.Text : "'" + value.Text + "' (" + value.Display + ")";
        return "'" + expression + "' compares " + subject + " with null, but " + (value.IsLiteral ? "a literal" : "a value of type '" + value.Display + "'")
            + " is never null, so it is always " + (result ? "true" : "false") + ": remove the comparison"
            + (value.IsLiteral ? "" : ", or declare the value nullable ('" + value.Display + "?') if it may be missing");
    }

    /// <summary>
    /// An interface-typed operand against a BCL scalar: it works only when a value of the scalar's kind can implement the
    /// interface (then the two may be equal or ordered); a user type or another interface is left to the run-time check.
    /// </summary>
    private static string? InterfaceProblem(BinaryOperator @operator, Operand left, Operand right, string expression, string pair)
    {
        var (open, other) = left.Kind == OperandKind.Interface ? (left, right) : (right, left);
        var kind = Bit(other.Kind);
        if (kind == OperandKinds.None)
        {
            return null; // another interface, a user struct or class: either may implement the other
        }

        var implementers = open.Facts?.Implementers ?? OperandKinds.None;
        if ((implementers & kind) != 0
            || (@operator is BinaryOperator.Equal or BinaryOperator.NotEqual && kind == OperandKinds.String && (implementers & OperandKinds.Enum) != 0))
        {
            return null;
        }

        var noun = other.Kind switch
        {
            OperandKind.Number => "a number",
            OperandKind.String => "a string",
            OperandKind.Boolean => "a bool",
            OperandKind.Char => "a char",
            OperandKind.Enum => "an enum",
            _ => "a " + other.Display,
        };
        var what = (@operator is BinaryOperator.Equal or BinaryOperator.NotEqual ? Never(@operator, expression, pair) : Unordered(expression, pair))
            + "no value of type '" + open.Display + "' is " + noun + "; ";
        return what + "compare a member of '" + open.Text + "' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter";
    }

    /// <summary>An enum compared with a string: a literal must be something the enum's <c>ToString()</c> returns.</summary>
    private static string? EnumNameProblem(BinaryOperator @operator, Operand value, Operand name, string expression, string pair)
    {
        if (!name.IsLiteral || name.Value is not string text || value.Facts is not { } facts || facts.Members.Count == 0 || Names(facts, text))
        {
            return null;
        }

        // Names of members (or a number) for a value ToString() writes otherwise: "Write, Read", "Read, Write" where a
        // member ReadWrite has that value, "3" where names cover it.
        var always = @operator == BinaryOperator.Equal ? "false" : "true";
        var named = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : ValueOf(facts, facts.IsFlags ? text.Split(new[] { ", " }, StringSplitOptions.None) : new[] { text });
        if (named is { } bits && facts.Members.All(m => m.Value is not null))
        {
            var written = Format(facts, bits);
            return "'" + expression + "' compares " + pair + ", which is never equal, so it is always " + always + ": '" + value.Display
                + "' writes that value as \"" + written + "\" (an enum equals the text its ToString() writes); write \"" + written + "\"";
        }

        var names = facts.Members.Select(m => m.Name).ToList();
        var renamed = facts.Members.FirstOrDefault(m => m.JsonName == text)?.Name;
        var parts = text.Split(',').Select(part => part.Trim()).ToList();
        var joined = facts.IsFlags && parts.Count > 1 && parts.All(names.Contains)
            ? (ValueOf(facts, parts) is { } combined ? Format(facts, combined) : string.Join(", ", parts))
            : null;
        var suggestion = renamed ?? joined ?? names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) ?? TemplateNames.Suggest(text, names);
        var listed = string.Join(", ", names.Take(12)) + (names.Count > 12 ? ", …" : "");
        return "'" + expression + "' compares " + pair + ", which names no member of '" + value.Display + "', so it is always "
            + (@operator == BinaryOperator.Equal ? "false" : "true") + ": "
            + (facts.IsFlags ? "a [Flags] enum equals the C# names of its members, joined by \", \" (" : "an enum equals the C# name of its member (") + listed + ")"
            + (renamed is not null ? ", not the JSON name; write \"" + renamed + "\"" : suggestion is not null ? "; did you mean \"" + suggestion + "\"?" : "");
    }

    /// <summary>
    /// Whether the enum's <c>ToString()</c> can return <paramref name="text"/>: a member's name, for [Flags] names joined by
    /// ", ", or a number (a value no member has). When every member's value is known, distinct and not negative, exactly:
    /// <c>ToString()</c> is a function of the value, so the text is possible only if it is what <see cref="Format"/> writes
    /// for the value it names ("Write, Read" and "Read, Write" name one value; only the second is ever written, and neither
    /// when a member such as "ReadWrite" has that value).
    /// </summary>
    private static bool Names(OperandFacts facts, string text)
    {
        if (facts.Members.All(m => m.Value is not null))
        {
            if (IsInteger(text))
            {
                return !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || Format(facts, number) == text;
            }

            var parts = facts.IsFlags ? text.Split(new[] { ", " }, StringSplitOptions.None) : new[] { text };
            return ValueOf(facts, parts) is { } value && Format(facts, value) == text;
        }

        if (IsMember(text) || IsInteger(text))
        {
            return true;
        }

        return facts.IsFlags && text.Split(new[] { ", " }, StringSplitOptions.None).All(IsMember);

        bool IsMember(string name) => facts.Members.Any(m => m.Name == name);

        static bool IsInteger(string value)
        {
            var digits = value.StartsWith("-", StringComparison.Ordinal) ? value.Substring(1) : value;
            return digits.Length > 0 && digits.All(c => c is >= '0' and <= '9');
        }
    }

    /// <summary>The value <paramref name="names"/> name together (OR of their values); null when one is no member or a value is unknown.</summary>
    private static ulong? ValueOf(OperandFacts facts, IReadOnlyList<string> names)
    {
        ulong value = 0;
        foreach (var name in names)
        {
            if (facts.Members.FirstOrDefault(m => m.Name == name)?.Value is not { } bits)
            {
                return null;
            }

            value |= bits;
        }

        return value;
    }

    /// <summary>
    /// What <c>Enum.ToString()</c> writes for <paramref name="value"/> (members with known, distinct, non-negative values):
    /// the name of the member with that value; else, for [Flags], members taken greedily from the largest value down
    /// while each fits in what is left, written in ascending order and joined by ", ", or the number when bits remain; else
    /// the number.
    /// </summary>
    private static string Format(OperandFacts facts, ulong value)
    {
        if (facts.Members.FirstOrDefault(m => m.Value == value) is { } exact)
        {
            return exact.Name;
        }

        if (!facts.IsFlags || value == 0)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var left = value;
        var taken = new List<EnumMemberName>();
        foreach (var member in facts.Members.Where(m => m.Value is > 0).OrderByDescending(m => m.Value))
        {
            if ((left & member.Value!.Value) == member.Value.Value)
            {
                left -= member.Value.Value;
                taken.Add(member);
            }
        }

        return left != 0 ? value.ToString(CultureInfo.InvariantCulture) : string.Join(", ", taken.AsEnumerable().Reverse().Select(m => m.Name));
    }

    private static OperandKinds Bit(OperandKind kind) => kind switch
    {
        OperandKind.Number => OperandKinds.Number,
        OperandKind.String => OperandKinds.String,
        OperandKind.Boolean => OperandKinds.Boolean,
        OperandKind.Char => OperandKinds.Char,
        OperandKind.Enum => OperandKinds.Enum,
        OperandKind.Date => OperandKinds.Date,
        OperandKind.Scalar => OperandKinds.Scalar,
        _ => OperandKinds.None,
    };

    /// <summary>Two records neither of which derives from the other: no value is of both types, so the generated Equals is always false.</summary>
    private static bool UnrelatedRecords(Operand left, Operand right) =>
        left.Facts is { Records.Count: > 0 } l && right.Facts is { Records.Count: > 0 } r && !l.Records.Contains(right.Display) && !r.Records.Contains(left.Display);

    private static bool IsUserType(OperandKind kind) => kind is OperandKind.Struct or OperandKind.Class;

    private static bool SameType(Operand left, Operand right) =>
        left.Kind == right.Kind && (left.Kind is OperandKind.Number or OperandKind.String or OperandKind.Boolean || left.Display == right.Display);

    private static bool NameOfEnum(Operand value, Operand name) => value.Kind == OperandKind.Enum && name.Kind == OperandKind.String;

    private static bool Either(Operand left, Operand right, OperandKind kind) => left.Kind == kind || right.Kind == kind;

    private static string Hint(BinaryOperator @operator, Operand left, Operand right)
    {
        if (Either(left, right, OperandKind.Class) || Either(left, right, OperandKind.Struct) || Either(left, right, OperandKind.Scalar))
        {
            var value = IsUserType(left.Kind) || left.Kind == OperandKind.Scalar ? left : right;
            return "compare a member of '" + value.Text + "' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter";
        }

        if (Either(left, right, OperandKind.Enum))
        {
            return @operator is BinaryOperator.Equal or BinaryOperator.NotEqual
                ? "compare an enum with a value of its own type or with its member's name in quotes, as in m == \"Happy\""
                : "an enum is ordered only against its own enum type; to order by its number, convert it in C# ((int)m) and pass the number as a parameter";
        }

        if (left.Kind == OperandKind.Date && right.Kind == OperandKind.Date)
        {
            return "convert one of them in C# (DateTimeOffset.UtcDateTime, new DateTimeOffset(dateTime) …) and compare two values of one type";
        }

        if (Either(left, right, OperandKind.String) && (Either(left, right, OperandKind.Number) || Either(left, right, OperandKind.Char)))
        {
            return "compare a string with a string (a literal in quotes, as in \"3\") and a number with a number; to compare text as a number, parse it in C# and pass the number as a parameter";
        }

        return "compare values of one kind (numbers with numbers, strings with strings, a date with a date of its own type); convert in C# and pass the result as a parameter";
    }
}

/// <summary>
/// One side of a comparison: its kind, its type as messages name it (for a literal: "the number", "the string"…), its
/// text in the template, whether it may be null at run time, a literal's value, and the facts of an interface or enum.
/// </summary>
internal readonly record struct Operand(OperandKind Kind, string Display, bool IsComparable, string Text, bool IsLiteral, bool CanBeNull = true, object? Value = null, OperandFacts? Facts = null)
{
    public string Describe() => IsLiteral ? Display + " " + Text : "'" + Text + "' (" + Display + ")";
}
