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

/// <summary>
/// An enum member as <c>ToString()</c> and System.Text.Json name it. <see cref="Value"/> is its value's bits, or null when
/// the enum has a negative or a repeated value (then <c>ToString()</c>'s choice of name is not decided here).
/// </summary>
internal sealed record EnumMemberName(string Name, string? JsonName, ulong? Value = null);

/// <summary>
/// What the comparison rule needs beyond an operand's kind: for an interface, which BCL values implement it; for an enum,
/// its members (in declaration order) and whether it is [Flags]; for a record, it and its base records (as
/// <see cref="Operand.Identity"/> names types): a record's generated <c>Equals</c> is false for a value of any type
/// outside its hierarchy; for a type of <c>System</c> or <c>System.Numerics</c>, its metadata name
/// (<paramref name="Library"/>, <c>System.Int128</c>), which picks the advice that fits it.
/// </summary>
internal sealed record OperandFacts(OperandKinds Implementers, EquatableArray<EnumMemberName> Members, bool IsFlags, EquatableArray<string> Records = default, string? Library = null);

/// <summary>
/// The build-time rule for template comparisons (<c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>,
/// <c>&gt;=</c>), derived from what the runtime does with two values:
/// <list type="bullet">
/// <item><c>PromptText.AreEqual</c>: null equals only null; numbers by exact value whatever their type; an enum equals a string
/// that is its <c>ToString()</c> (the C# member name; for [Flags] names joined by ", "; the number when no member has the
/// value); a value of a BCL scalar type (string, bool, char, numbers, enums, dates, any struct of <c>System</c>) is equal
/// only to a value of its own run-time type; two other values by <c>left.Equals(right)</c>.</item>
/// <item><c>PromptText.Compare</c>: null before anything; numbers by exact value, strings ordinally, otherwise
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
            TypeKind.Struct => (IsBcl(type) ? OperandKind.Scalar : OperandKind.Struct, comparable, IsBcl(type) ? LibraryFacts(type) : RecordFacts(type)),
            // No subclass of a sealed class can make it IComparable, so it is decided here as a struct is; arrays and
            // delegates are sealed too (Roslyn's IsSealed says so only for named types). A BCL class (Uri) is taken as
            // it is: nobody derives a comparable Uri.
            TypeKind.Class when IsBcl(type) => (comparable ? OperandKind.Class : OperandKind.Struct, comparable, LibraryFacts(type)),
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

    /// <summary>A type of <c>System</c> or <c>System.Numerics</c>: its metadata name, which picks the advice that fits it.</summary>
    private static OperandFacts LibraryFacts(ITypeSymbol type) =>
        new(OperandKinds.None, EquatableArray<EnumMemberName>.Empty, false, Library: type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName);

    /// <summary>For a record (class or struct): it and its base records, by <see cref="Operand.Identity"/>; null for any other type.</summary>
    private static OperandFacts? RecordFacts(ITypeSymbol type)
    {
        if (!type.IsRecord)
        {
            return null;
        }

        var records = new List<string>();
        for (var current = type; current is { IsRecord: true }; current = current.BaseType)
        {
            records.Add(current.ToDisplayString(SymbolText.PlainTypeFormat).Replace("?", "")); // as Operand.Identity: no annotations
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
        if (left.IsLiteral && right.IsLiteral && ConstantProblem(@operator, left, right, expression) is { } constant)
        {
            return constant;
        }

        if (left.Kind == OperandKind.Null || right.Kind == OperandKind.Null)
        {
            return NullProblem(@operator, left, right, expression);
        }

        if (SelfProblem(@operator, left, right, expression) is { } self)
        {
            return self;
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

        if (left.Kind == OperandKind.Number && right.Kind == OperandKind.Number && RangeProblem(@operator, left, right, expression) is { } range)
        {
            return range;
        }

        if (equality)
        {
            if (SameType(left, right))
            {
                return null;
            }

            // A record's generated Equals is false for any value outside its hierarchy, whichever side it is on: the
            // rule does not depend on which operand's Equals the runtime happens to call.
            if (OutsideRecord(left, right) || OutsideRecord(right, left))
            {
                return Never(@operator, expression, pair) + Hint(@operator, left, right);
            }

            if (IsUserType(left.Kind) && IsUserType(right.Kind))
            {
                return null;
            }

            if (NameOfEnum(left, right) || NameOfEnum(right, left))
            {
                return EnumNameProblem(@operator, left.Kind == OperandKind.Enum ? left : right, left.Kind == OperandKind.Enum ? right : left, expression, pair);
            }

            return Never(@operator, expression, pair) + Hint(@operator, left, right);
        }

        if (left.Kind == OperandKind.Class && right.Kind == OperandKind.Class && !OutsideRecord(left, right) && !OutsideRecord(right, left))
        {
            return null;
        }

        if (SameType(left, right))
        {
            return left.IsComparable
                ? null
                : "'" + expression + "' orders two values of type '" + left.Display + "', which does not implement IComparable, so it throws on every call: "
                    + (left.Facts?.Library == "System.Numerics.Complex"
                        ? "order their real parts ('" + left.Text + ".Real'), or compute the result in C# and pass it as a bool parameter"
                        : "compare one of its members (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter");
        }

        return Unordered(expression, pair) + Hint(@operator, left, right);
    }

    /// <summary>
    /// Two literals of one kind (<c>1 == 1</c>, <c>"a" &lt; "b"</c>, <c>null == null</c>): the result is decided at build
    /// time, as C# warns for a comparison of constants; null when the literals are of different kinds (the other rules
    /// say why those never work).
    /// </summary>
    private static string? ConstantProblem(BinaryOperator @operator, Operand left, Operand right, string expression)
    {
        int order;
        switch (left.Kind)
        {
            case OperandKind.Null when right.Kind == OperandKind.Null:
                order = 0;
                break;
            case OperandKind.Number when right.Kind == OperandKind.Number:
                order = ToDecimal(left.Value).CompareTo(ToDecimal(right.Value));
                break;
            case OperandKind.String when right.Kind == OperandKind.String:
                order = Math.Sign(string.CompareOrdinal((string?)left.Value ?? "", (string?)right.Value ?? ""));
                break;
            case OperandKind.Boolean when right.Kind == OperandKind.Boolean:
                order = (left.Value is true).CompareTo(right.Value is true);
                break;
            default:
                return null;
        }

        return "'" + expression + "' compares two literals, so it is always " + (Holds(@operator, order) ? "true" : "false")
            + ": compare a parameter with a literal, or remove the comparison";
    }

    /// <summary>
    /// A value compared with itself (<c>x == x</c>, <c>a.b &lt; a.b</c>, <c>for.index &gt;= for.index</c>): the same path
    /// on both sides reads one value, and the runtime finds every value equal to itself (null too, and NaN: template
    /// numbers order as <c>double.CompareTo</c> does), so the result never changes, as C# warns (CS1718). Null when the
    /// operands differ, or when ordering the type throws on every call (that problem is reported instead).
    /// </summary>
    private static string? SelfProblem(BinaryOperator @operator, Operand left, Operand right, string expression)
    {
        if (left.IsLiteral || right.IsLiteral || Path(left.Text) is not { Length: > 0 } path || !string.Equals(path, Path(right.Text), StringComparison.Ordinal))
        {
            return null;
        }

        var equality = @operator is BinaryOperator.Equal or BinaryOperator.NotEqual;
        if (!equality && left.Kind is not (OperandKind.Open or OperandKind.Interface) && !left.IsComparable)
        {
            return null; // 'point < point' with a type that is not IComparable: it throws (or is left to the run-time check), as the ordering rule says
        }

        return "'" + expression + "' compares '" + path + "' with itself, so it is always " + (Holds(@operator, 0) ? "true" : "false")
            + ": compare '" + path + "' with another value, or remove the comparison";

        // The path as written, without the spaces and parentheses the template may put around it or its dots.
        static string Path(string text)
        {
            var builder = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c) && c is not ('(' or ')'))
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }

    /// <summary>The integer types whose range a literal can lie outside, by the name messages show.</summary>
    private static readonly Dictionary<string, (decimal Min, decimal Max)> IntegerRanges = new(StringComparer.Ordinal)
    {
        ["byte"] = (byte.MinValue, byte.MaxValue), ["sbyte"] = (sbyte.MinValue, sbyte.MaxValue),
        ["short"] = (short.MinValue, short.MaxValue), ["ushort"] = (ushort.MinValue, ushort.MaxValue),
        ["int"] = (int.MinValue, int.MaxValue), ["uint"] = (uint.MinValue, uint.MaxValue),
        ["long"] = (long.MinValue, long.MaxValue), ["ulong"] = (ulong.MinValue, ulong.MaxValue),
    };

    /// <summary>
    /// An integer value (never null) against a number literal its type decides the comparison for: outside its range
    /// (a <c>byte</c> <c>&gt; 300</c>, a <c>uint</c> <c>&lt; 0</c>), at its end (a <c>uint</c> <c>&gt;= 0</c>), or a
    /// fraction it can never equal (an <c>int</c> <c>== 1.5</c>). C# warns for these (CS0652); a template reports them
    /// as it reports a comparison with null that never changes. Null when the value decides the result.
    /// </summary>
    private static string? RangeProblem(BinaryOperator @operator, Operand left, Operand right, string expression)
    {
        var (value, literal) = left.IsLiteral ? (right, left) : (left, right);
        if (value.IsLiteral || !literal.IsLiteral || value.CanBeNull || !IntegerRanges.TryGetValue(value.Display, out var range))
        {
            return null;
        }

        var number = ToDecimal(literal.Value);
        var flipped = left.IsLiteral;
        bool? result;
        if (decimal.Truncate(number) != number && @operator is BinaryOperator.Equal or BinaryOperator.NotEqual)
        {
            result = @operator == BinaryOperator.NotEqual;
            return "'" + expression + "' compares " + value.Describe() + ", which holds only whole numbers, with " + literal.Describe()
                + ", so it is always " + (result.Value ? "true" : "false") + ": compare with a whole number, or remove the comparison";
        }

        // The order of the value against the literal is one of {-1, 0, 1} for values in the range; it is decided when
        // every value gives the operator one result.
        var lowest = Math.Sign(range.Min.CompareTo(number));
        var highest = Math.Sign(range.Max.CompareTo(number));
        var outcomes = Enumerable.Range(lowest, highest - lowest + 1).Select(order => Holds(@operator, flipped ? -order : order)).Distinct().ToList();
        if (outcomes.Count != 1)
        {
            return null;
        }

        var outside = number < range.Min || number > range.Max;
        return "'" + expression + "' compares " + value.Describe() + ", which holds only " + range.Min.ToString(CultureInfo.InvariantCulture) + " to "
            + range.Max.ToString(CultureInfo.InvariantCulture) + ", with " + literal.Describe() + ", so it is always " + (outcomes[0] ? "true" : "false")
            + ": remove the comparison" + (outside ? ", or give '" + value.Text + "' a type that holds " + literal.Text : "");
    }

    /// <summary>Whether <paramref name="operator"/> holds for two values whose order is <paramref name="order"/> (-1, 0 or 1).</summary>
    private static bool Holds(BinaryOperator @operator, int order) => @operator switch
    {
        BinaryOperator.Equal => order == 0,
        BinaryOperator.NotEqual => order != 0,
        BinaryOperator.Less => order < 0,
        BinaryOperator.LessOrEqual => order <= 0,
        BinaryOperator.Greater => order > 0,
        _ => order >= 0,
    };

    private static decimal ToDecimal(object? value) => value switch
    {
        long integer => integer,
        decimal number => number,
        _ => 0m,
    };

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

    /// <summary>
    /// <paramref name="record"/> is a record and <paramref name="other"/> a user type outside its hierarchy: no value is of
    /// both types (a class cannot derive from a record, and a record derives only from records), so the record's generated
    /// Equals is false and no one run-time type can order them.
    /// </summary>
    private static bool OutsideRecord(Operand record, Operand other) =>
        record.Facts is { Records.Count: > 0 } facts && IsUserType(other.Kind)
        && !facts.Records.Contains(other.Identity) && !(other.Facts is { Records.Count: > 0 } theirs && theirs.Records.Contains(record.Identity));

    private static bool IsUserType(OperandKind kind) => kind is OperandKind.Struct or OperandKind.Class;

    private static bool SameType(Operand left, Operand right) =>
        left.Kind == right.Kind && (left.Kind is OperandKind.Number or OperandKind.String or OperandKind.Boolean || left.Identity == right.Identity);

    private static bool NameOfEnum(Operand value, Operand name) => value.Kind == OperandKind.Enum && name.Kind == OperandKind.String;

    /// <summary>The operand of <paramref name="kind"/>, the left one when both are; null when neither is.</summary>
    private static Operand? Of(Operand left, Operand right, Func<Operand, bool> kind) => kind(left) ? left : kind(right) ? right : null;

    /// <summary>
    /// Numbers of the BCL that are not among the ones templates compare by value (byte … decimal): each equals and orders
    /// only against its own type; the C# conversion that makes one of those of it.
    /// </summary>
    private static readonly Dictionary<string, string> WideNumbers = new(StringComparer.Ordinal)
    {
        ["System.Int128"] = "(long){0}", ["System.UInt128"] = "(ulong){0}", ["System.Half"] = "(float){0}",
        ["System.Numerics.BigInteger"] = "(decimal){0}", ["System.IntPtr"] = "(long){0}", ["System.UIntPtr"] = "(ulong){0}",
        ["System.Numerics.Complex"] = "{0}.Real",
    };

    private const string ByValue = "templates compare numbers by value only among byte, sbyte, short, ushort, int, uint, long, ulong, float, double and decimal";

    private const string Member = "compare a member of '{0}' (a number, string, date or enum), or compute the result in C# and pass it as a bool parameter";

    /// <summary>
    /// What to do instead, for the operand types at hand: a user type's member; a number the runtime does not compare by
    /// value converted in C#; a char as the string or number it is not; two dates converted to one type; an enum against
    /// its own type or a member's name; a BCL value against a value of its own type; strings with strings and numbers with
    /// numbers.
    /// </summary>
    private static string Hint(BinaryOperator @operator, Operand left, Operand right)
    {
        var equality = @operator is BinaryOperator.Equal or BinaryOperator.NotEqual;
        if (Of(left, right, o => IsUserType(o.Kind) && o.Facts?.Library is null) is { } user)
        {
            return string.Format(CultureInfo.InvariantCulture, Member, user.Text);
        }

        if (Of(left, right, o => o.Facts?.Library is { } name && WideNumbers.ContainsKey(name)) is { } wide)
        {
            var converted = string.Format(CultureInfo.InvariantCulture, WideNumbers[wide.Facts!.Library!], wide.Text);
            return "'" + wide.Text + "' (" + wide.Display + ") " + (equality ? "equals only" : "is ordered only against") + " another " + wide.Display + ", as " + ByValue
                + "; " + (converted.EndsWith(".Real", StringComparison.Ordinal) ? "compare its real part, '" + converted + "'" : "convert it in C# (" + converted + ") and pass the number as a parameter");
        }

        if (Of(left, right, o => o.Kind == OperandKind.Char) is { } letter)
        {
            var other = left.Kind == OperandKind.Char ? right : left;
            return other.Kind switch
            {
                OperandKind.String => "a char is not a string in a template; declare '" + letter.Text + "' as a string (or pass " + letter.Text
                    + ".ToString() from C#) to compare it with text",
                OperandKind.Number => "a char is not a number in a template; pass its code from C# ((int)" + letter.Text + ") as a number parameter, or declare '"
                    + letter.Text + "' as a string and compare it with text in quotes",
                _ => OneKind,
            };
        }

        if (left.Kind == OperandKind.Date && right.Kind == OperandKind.Date)
        {
            return DatesHint(left, right) ?? DatesHint(right, left)!;
        }

        if (Of(left, right, o => o.Kind == OperandKind.Enum) is { } @enum)
        {
            var member = @enum.Facts is { Members.Count: > 0 } facts ? facts.Members[0].Name : null;
            return equality
                ? "compare '" + @enum.Text + "' with a value of type '" + @enum.Display + "'" + (member is null ? "" : " or with the name of one of its members in quotes, as in " + @enum.Text + " == \"" + member + "\"")
                : "an enum is ordered only against its own type ('" + @enum.Display + "'); to order by its number, pass (int)" + @enum.Text + " from C# as a number parameter";
        }

        if (Of(left, right, o => o.Kind == OperandKind.Date && o.Display == "TimeOnly") is { } time
            && Of(left, right, o => o.Facts?.Library == "System.TimeSpan") is { } span)
        {
            return "convert one of them in C# (" + time.Text + ".ToTimeSpan(), or TimeOnly.FromTimeSpan(" + span.Text + ")) and compare two values of one type";
        }

        if (Of(left, right, o => o.Kind == OperandKind.Date || o.Facts?.Library is not null) is { } library)
        {
            var other = left.Kind == OperandKind.Date || left.Facts?.Library is not null ? right : left;
            var name = library.Facts?.Library;
            if (name == "System.TimeSpan" && other.Kind == OperandKind.Number)
            {
                return "compare one of the numbers of '" + library.Text + "' instead (" + library.Text + ".TotalSeconds, " + library.Text + ".TotalMinutes …)";
            }

            if (library.Kind == OperandKind.Date && other.Kind == OperandKind.Number)
            {
                return "compare one of the members of '" + library.Text + "' that is a number (" + library.Text + (library.Display == "TimeOnly" ? ".Hour" : ".Year")
                    + " …), or pass the other value as a '" + library.Display + "' parameter";
            }

            if (name == "System.Uri" && other.Kind == OperandKind.String)
            {
                return "compare its text with the string, as in " + library.Text + ".AbsoluteUri " + (equality ? "==" : "<") + " " + other.Text;
            }

            return "'" + library.Text + "' (" + library.Display + ") " + (equality ? "equals only" : "is ordered only against") + " another " + library.Display
                + (other.Kind == OperandKind.String ? ", and a string is never one" : "") + "; pass the other value as a '" + library.Display
                + "' parameter, or compute the result in C# and pass it as a bool parameter";
        }

        if (Of(left, right, o => o.Kind == OperandKind.String) is not null && Of(left, right, o => o.Kind == OperandKind.Number) is not null)
        {
            return "compare a string with a string (a literal in quotes, as in \"3\") and a number with a number; to compare text as a number, parse it in C# and pass the number as a parameter";
        }

        return OneKind;
    }

    private const string OneKind = "compare values of one kind (numbers with numbers, strings with strings, a date with a date of its own type); convert in C# and pass the result as a parameter";

    /// <summary>Two dates of different types (<paramref name="first"/> as it is): the C# conversion that makes them one type; null to try the other way round.</summary>
    private static string? DatesHint(Operand first, Operand second) => (first.Display, second.Display) switch
    {
        ("DateTime", "DateTimeOffset") => "convert one of them in C# (" + second.Text + ".UtcDateTime, or new DateTimeOffset(" + first.Text + ")) and compare two values of one type",
        ("DateOnly", "DateTime") => "convert one of them in C# (DateOnly.FromDateTime(" + second.Text + "), or " + first.Text + ".ToDateTime(TimeOnly.MinValue)) and compare two values of one type",
        ("DateOnly", "DateTimeOffset") => "convert it in C# (DateOnly.FromDateTime(" + second.Text + ".DateTime)) and compare two values of type DateOnly",
        ("TimeOnly", "DateTime") => "convert it in C# (TimeOnly.FromDateTime(" + second.Text + ")) and compare two values of type TimeOnly",
        ("TimeOnly", "DateTimeOffset") => "convert it in C# (TimeOnly.FromDateTime(" + second.Text + ".DateTime)) and compare two values of type TimeOnly",
        ("DateOnly", "TimeOnly") => "a day and a time of day are never one value; compare each with a value of its own type, or combine them in C# ("
            + first.Text + ".ToDateTime(" + second.Text + ")) and pass the DateTime as a parameter",
        _ => null,
    };
}

/// <summary>
/// One side of a comparison: its kind, its type as messages name it (for a literal: "the number", "the string"…), its
/// text in the template, whether it may be null at run time, a literal's value, the facts of an interface or enum, and
/// its type's <see cref="Identity"/>.
/// </summary>
/// <param name="Identity">The type as generated code names it, without any <c>?</c> (<c>global::Demo.Order</c>): what tells
/// two types apart where <see cref="Display"/> (<c>Order</c>) may not. Nullable annotations are dropped, so that
/// <c>Box&lt;string?&gt;</c> and <c>Box&lt;string&gt;</c> are one type (as they are at run time); <c>Box&lt;int?&gt;</c>
/// and <c>Box&lt;int&gt;</c> then look alike too, which can only leave a comparison to the run-time check.</param>
internal readonly record struct Operand(OperandKind Kind, string Display, bool IsComparable, string Text, bool IsLiteral, bool CanBeNull = true, object? Value = null, OperandFacts? Facts = null, string Identity = "")
{
    public string Describe() => IsLiteral ? Display + " " + Text : "'" + Text + "' (" + Display + ")";
}
