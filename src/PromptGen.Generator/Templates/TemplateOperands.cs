using System.Linq;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Templates;

/// <summary>
/// What a comparison operand's static type tells about its value at run time, for the rules of
/// <c>PromptText.AreEqual</c> and <c>PromptText.Compare</c> (see <see cref="TemplateOperands"/>).
/// </summary>
internal enum OperandKind
{
    /// <summary>The value's run-time type is not known: <c>object</c>, an interface, <c>ValueType</c>, <c>Enum</c>, a type parameter.</summary>
    Open,

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
    /// Any other struct, or a sealed class (a sealed record, an array) that is not IComparable: its run-time type is
    /// exactly the static type, so whether two of them can be ordered is known at build time.
    /// </summary>
    Struct,

    /// <summary>Any other class (records, collections): its run-time type is the static type or a subclass.</summary>
    Class,
}

/// <summary>
/// The build-time rule for template comparisons (<c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>,
/// <c>&gt;=</c>), derived from what the runtime does with two non-null values:
/// <list type="bullet">
/// <item><c>PromptText.AreEqual</c>: numbers by value whatever their type; an enum equals its member's name; otherwise
/// <c>left.Equals(right)</c>, which for the BCL's scalar types (string, bool, char, enums, dates) is false for a value of
/// any other type.</item>
/// <item><c>PromptText.Compare</c>: numbers by value, strings ordinally, otherwise <c>IComparable</c> when both values have
/// the same run-time type; anything else throws.</item>
/// </list>
/// So an ordering is an error when the two values can never have the same run-time type (and are not two numbers or
/// two strings), or when they have the same struct type that is not <c>IComparable</c>; an equality is an error when both
/// are BCL scalars of different kinds that never compare equal. <c>null</c> compares with anything; operands of
/// <see cref="OperandKind.Open"/> type, equality with a user class or struct (its <c>Equals</c> is user code) and
/// ordering of two classes (a subclass may be comparable) are left to the run-time check.
/// </summary>
internal static class TemplateOperands
{
    /// <summary>The kind of <paramref name="type"/> and whether it implements <c>System.IComparable</c>.</summary>
    public static (OperandKind Kind, bool IsComparable) Classify(ITypeSymbol type)
    {
        var comparable = type.AllInterfaces.Any(i => i is { Name: "IComparable", Arity: 0, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
        switch (type.SpecialType)
        {
            case SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal:
                return (OperandKind.Number, true);
            case SpecialType.System_String:
                return (OperandKind.String, true);
            case SpecialType.System_Boolean:
                return (OperandKind.Boolean, true);
            case SpecialType.System_Char:
                return (OperandKind.Char, true);
            case SpecialType.System_DateTime:
                return (OperandKind.Date, true);
            case SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum or SpecialType.System_Nullable_T:
                return (OperandKind.Open, false);
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return (OperandKind.Open, false); // the binder classifies T instead
        }

        if (type is { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } && type.Name is "DateTimeOffset" or "DateOnly" or "TimeOnly")
        {
            return (OperandKind.Date, true);
        }

        return type.TypeKind switch
        {
            TypeKind.Enum => (OperandKind.Enum, true),
            TypeKind.Struct => (OperandKind.Struct, comparable),
            // No subclass of a sealed class can make it IComparable, so it is decided here as a struct is.
            TypeKind.Class or TypeKind.Array or TypeKind.Delegate or TypeKind.Pointer => (type.IsSealed && !comparable ? OperandKind.Struct : OperandKind.Class, comparable),
            _ => (OperandKind.Open, false), // interfaces, type parameters, dynamic, error types
        };
    }

    /// <summary>
    /// Why <paramref name="left"/> <paramref name="operator"/> <paramref name="right"/> cannot work at run time, as the
    /// end of a PG0004 message (what is wrong, then what to do); null when it can.
    /// </summary>
    /// <param name="expression">The comparison as written in the template.</param>
    public static string? Problem(BinaryOperator @operator, Operand left, Operand right, string expression)
    {
        if (left.Kind == OperandKind.Open || right.Kind == OperandKind.Open)
        {
            return null;
        }

        var pair = left.Describe() + " with " + right.Describe();
        if (@operator is BinaryOperator.Equal or BinaryOperator.NotEqual)
        {
            if (IsUserType(left.Kind) || IsUserType(right.Kind) || SameType(left, right) || NameOfEnum(left, right) || NameOfEnum(right, left))
            {
                return null;
            }

            return "'" + expression + "' compares " + pair + ", which are never equal, so it is always "
                + (@operator == BinaryOperator.Equal ? "false" : "true") + ": " + Hint(@operator, left, right);
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

        return "'" + expression + "' orders " + pair + ", which cannot be ordered, so it throws on every call: " + Hint(@operator, left, right);
    }

    private static bool IsUserType(OperandKind kind) => kind is OperandKind.Struct or OperandKind.Class;

    private static bool SameType(Operand left, Operand right) =>
        left.Kind == right.Kind && (left.Kind is OperandKind.Number or OperandKind.String or OperandKind.Boolean || left.Display == right.Display);

    private static bool NameOfEnum(Operand value, Operand name) => value.Kind == OperandKind.Enum && name.Kind == OperandKind.String;

    private static bool Either(Operand left, Operand right, OperandKind kind) => left.Kind == kind || right.Kind == kind;

    private static string Hint(BinaryOperator @operator, Operand left, Operand right)
    {
        if (Either(left, right, OperandKind.Class) || Either(left, right, OperandKind.Struct))
        {
            var value = IsUserType(left.Kind) ? left : right;
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

/// <summary>One side of a comparison: its kind, its type as messages name it, and its text in the template.</summary>
internal readonly record struct Operand(OperandKind Kind, string Display, bool IsComparable, string Text, bool IsLiteral)
{
    public string Describe() => IsLiteral ? Display + " " + Text : "'" + Text + "' (" + Display + ")";
}
