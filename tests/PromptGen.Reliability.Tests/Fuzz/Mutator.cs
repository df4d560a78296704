using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Reliability.Tests.Fuzz;

/// <summary>
/// Mutations of valid declarations, deterministic for a given <see cref="Random"/>: token deletions, duplicated and
/// swapped attribute arguments, wrong argument types, other return and parameter types, huge and deeply nested
/// templates, unicode (combining marks, surrogates, escapes) in names and templates, keyword names, members that do not
/// belong, and declarations whose generated files would clash (same name in two namespaces, names differing by case).
/// </summary>
public static class Mutator
{
    public delegate string? Mutation(Random random, string source);

    public static readonly (string Name, Mutation Apply)[] Mutations =
    {
        ("delete-token", DeleteTokens(1)),
        ("delete-tokens", DeleteTokens(3)),
        ("delete-char-in-string", DeleteCharInString),
        ("duplicate-argument", DuplicateArgument),
        ("swap-arguments", SwapArguments),
        ("wrong-argument", WrongArgument),
        ("duplicate-attribute", DuplicateAttribute),
        ("copy-attribute-elsewhere", CopyAttributeElsewhere),
        ("rename-identifier", RenameIdentifier),
        ("return-type", ReturnType),
        ("parameter-type", ParameterType),
        ("huge-template", HugeTemplate),
        ("deep-template", DeepTemplate),
        ("unicode-in-template", UnicodeInTemplate),
        ("template-expression-form", TemplateExpressionForm),
        ("foreign-member", ForeignMember),
        ("clashing-interface", ClashingInterface),
        ("keyword-names", KeywordNames),
    };

    private static readonly string[] WrongArguments =
    {
        "42", "\"text\"", "null", "1.5", "true", "typeof(int)", "new[] { 1, 2 }", "int.MaxValue", "double.NaN", "-1", "'c'", "default",
        "nameof(System)", "\"{{\"", "@\"{{ x }}\"", "1e400", "\"\\u0000\"", "long.MinValue", "2.0000000001", "double.Epsilon", "-0.0",
        "\"}}\"", "\"{{ }}\"", "(string)null", "\"a\" + 1", "ResponseFormatKind.Text", "(ResponseFormatKind)99", "new string[0]", "\"\"",
        "double.PositiveInfinity", "float.NaN", "129", "0", "11", "\"\\uD800\"",
    };

    private static readonly string[] ReturnTypes =
    {
        "Task", "void", "string", "Task<int>", "Task<object>", "Task<dynamic>", "IAsyncEnumerable<int>", "Task<ChatResult<IAsyncEnumerable<string>>>",
        "ValueTask<IReadOnlyList<string>>", "Task<(int, string)>", "Task<int?>", "Task<string?>", "Task<Task<string>>", "IEnumerable<string>",
        "Task<byte[]>", "Task<DateTime>", "Task<Guid>", "Task<System.Text.Json.JsonElement>", "Task<Dictionary<int, string>>",
        "Task<IAsyncEnumerable<string>>", "Task<Func<int>>", "Task<Action>", "Task<int[,]>", "Task<nint>", "Task<Half>", "Task<Int128>",
        "Task<ChatResult<ChatResult<string>>>", "Task<IReadOnlyList<IReadOnlyList<string>>>", "Task<Uri>", "Task<TimeSpan>", "Task<object?>",
        "Task<ChatCompletion>", "Task<ChatMessage>", "Task<Exception>", "Task<Type>", "Task<IDisposable>", "Task<decimal>", "Task<char>",
        "Task<List<Dictionary<string, List<int>>>>", "Task<KeyValuePair<string, int>>", "Task<Tuple<int>>", "Task<string[][]>", "Task<Lazy<int>>",
    };

    private static readonly string[] ParameterTypes =
    {
        "string?", "int", "object", "dynamic", "List<string>", "IEnumerable<ChatMessage>", "ChatMessage[]", "CancellationToken", "string[]",
        "Dictionary<string, int>", "ref string", "params string[]", "in int", "out string", "(int a, string b)", "Func<string>", "int?",
        "DateTime", "Guid", "double", "bool?", "IReadOnlyList<ChatMessage>?", "Task<string>", "Exception", "Type", "Uri", "byte[]", "char",
        "IAsyncEnumerable<string>", "Span<int>", "scoped ReadOnlySpan<char>", "ChatMessage", "List<List<string>>", "object?[]",
    };

    private static readonly string[] Names =
    {
        "café", "cafe\u0301", "名前", "Ωmega", "_", "__", "x\u200Dy", "\\u0061bc", "@class", "@event", "@return", "@string", "async", "await", "var",
        "record", "value", "global", "nameof", "partial", "dynamic", "yield", "when", "file", "required", "scoped", "field", "args", "Client",
        "_transport", "Equals", "GetHashCode", "ToString", "GetType", "Finalize", "MemberwiseClone", "CancellationToken", "System", "PromptGen",
        "Task", "string_", "x1", "X", "a\u0300\u0301\u0302", "ǅ", "ⅷ", "ℵ", "𝒳", "end", "if", "for", "in", "else", "true", "null", "this", "self",
    };

    private static readonly string[] TemplateInserts =
    {
        "\\u0301", "\\u200B", "\\u202E", "\\uD83D\\uDE00", "\\uD800", "\\uDC00", "\\u0000", "\\t", "\\r\\n", "\\\"", "\\\\", "{", "}", "{{", "}}",
        "{{ }}", "{{~", "~}}", "{{-", "-}}", "{%{", "}%}", "\\uFEFF", "\\u00A0", "\\u2028", "\\u0085", "e\\u0301", "{{ \\\"x\\\" }}", "$", "@",
        "{{ a.b.c.d.e }}", "{{ 1 + 2 }}", "{{ end }}", "{{ else }}", "{{ if }}", "{{ for }}",
    };

    /// <summary>The corpus: <paramref name="count"/> sources from the seeds, each with one to three mutations.</summary>
    public static IEnumerable<(string Name, string Source)> Corpus(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var source = Seeds.All[i % Seeds.All.Length];
            var applied = new List<string>();
            var rounds = 1 + (random.Next(4) == 0 ? random.Next(1, 3) : 0);
            for (var round = 0; round < rounds; round++)
            {
                var (name, apply) = Mutations[random.Next(Mutations.Length)];
                var mutated = apply(random, source);
                if (mutated is not null)
                {
                    source = mutated;
                    applied.Add(name);
                }
            }

            yield return ($"#{i} seed {i % Seeds.All.Length}: {string.Join(" + ", applied)}", source);
        }
    }

    private static SyntaxNode Root(string source) => CSharpSyntaxTree.ParseText(source, FuzzHarness.ParseOptions).GetRoot();

    private static T? Pick<T>(Random random, IReadOnlyList<T> items) where T : class => items.Count == 0 ? null : items[random.Next(items.Count)];

    private static string Replace(string source, TextSpanLike span, string text) => source.Substring(0, span.Start) + text + source.Substring(span.End);

    private readonly record struct TextSpanLike(int Start, int End)
    {
        public static implicit operator TextSpanLike(Microsoft.CodeAnalysis.Text.TextSpan span) => new(span.Start, span.End);
    }

    /// <summary>The part of the file from the first attribute on: the declarations, not the usings.</summary>
    private static int DeclarationsStart(string source) => Math.Max(0, source.IndexOf("namespace", StringComparison.Ordinal));

    private static Mutation DeleteTokens(int count) => (random, source) =>
    {
        for (var i = 0; i < count; i++)
        {
            var start = DeclarationsStart(source);
            var tokens = Root(source).DescendantTokens().Where(t => t.SpanStart >= start && t.Span.Length > 0).ToArray();
            if (tokens.Length == 0)
            {
                return source;
            }

            var token = tokens[random.Next(tokens.Length)];
            source = Replace(source, token.Span, "");
        }

        return source;
    };

    private static string? DeleteCharInString(Random random, string source)
    {
        var literals = Root(source).DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)).ToArray();
        if (literals.Length == 0)
        {
            return null;
        }

        var literal = literals[random.Next(literals.Length)];
        if (literal.Span.Length < 3)
        {
            return null;
        }

        var at = literal.SpanStart + 1 + random.Next(literal.Span.Length - 2);
        return source.Remove(at, 1);
    }

    private static string? DuplicateArgument(Random random, string source)
    {
        var argument = Pick(random, Root(source).DescendantNodes().OfType<AttributeArgumentSyntax>().ToArray());
        return argument is null ? null : source.Insert(argument.Span.End, ", " + argument.ToString());
    }

    private static string? SwapArguments(Random random, string source)
    {
        var root = Root(source);
        var lists = root.DescendantNodes().OfType<AttributeArgumentListSyntax>().Where(l => l.Arguments.Count >= 2).ToArray();
        if (lists.Length > 0 && random.Next(2) == 0)
        {
            var list = lists[random.Next(lists.Length)];
            var (a, b) = (list.Arguments[0], list.Arguments[1]);
            return source.Substring(0, a.SpanStart) + b + source.Substring(a.Span.End, b.SpanStart - a.Span.End) + a + source.Substring(b.Span.End);
        }

        var attributes = root.DescendantNodes().OfType<AttributeSyntax>().ToArray();
        if (attributes.Length < 2)
        {
            return null;
        }

        var first = attributes[random.Next(attributes.Length)];
        var second = attributes[random.Next(attributes.Length)];
        if (first.Span.OverlapsWith(second.Span))
        {
            return null;
        }

        if (first.SpanStart > second.SpanStart)
        {
            (first, second) = (second, first);
        }

        return source.Substring(0, first.SpanStart) + second + source.Substring(first.Span.End, second.SpanStart - first.Span.End) + first + source.Substring(second.Span.End);
    }

    private static string? WrongArgument(Random random, string source)
    {
        var argument = Pick(random, Root(source).DescendantNodes().OfType<AttributeArgumentSyntax>().ToArray());
        return argument is null ? null : Replace(source, argument.Expression.Span, WrongArguments[random.Next(WrongArguments.Length)]);
    }

    private static string? DuplicateAttribute(Random random, string source)
    {
        var list = Pick(random, Root(source).DescendantNodes().OfType<AttributeListSyntax>().ToArray());
        return list is null ? null : source.Insert(list.Span.End, " " + list);
    }

    private static string? CopyAttributeElsewhere(Random random, string source)
    {
        var root = Root(source);
        var list = Pick(random, root.DescendantNodes().OfType<AttributeListSyntax>().ToArray());
        var target = Pick(random, root.DescendantNodes().Where(n => n is MethodDeclarationSyntax or InterfaceDeclarationSyntax or ParameterSyntax or ClassDeclarationSyntax).ToArray());
        return list is null || target is null ? null : source.Insert(target.SpanStart, list + " ");
    }

    private static string? RenameIdentifier(Random random, string source)
    {
        var root = Root(source);
        var declared = root.DescendantNodes().Select(n => n switch
        {
            InterfaceDeclarationSyntax i => i.Identifier,
            MethodDeclarationSyntax m => m.Identifier,
            ParameterSyntax p => p.Identifier,
            PropertyDeclarationSyntax p => p.Identifier,
            ClassDeclarationSyntax c => c.Identifier,
            RecordDeclarationSyntax r => r.Identifier,
            _ => default,
        }).Where(t => t.Text.Length > 1).Select(t => t.Text).Distinct().ToArray();
        if (declared.Length == 0)
        {
            return null;
        }

        var old = declared[random.Next(declared.Length)];
        var name = Names[random.Next(Names.Length)];
        var inCode = name;
        var inText = name.StartsWith('@') ? name[1..] : name.Replace("\\u0061", "a", StringComparison.Ordinal);
        var pattern = new Regex(@"(?<![\w@])" + Regex.Escape(old) + @"(?!\w)");
        var text = new StringBuilder();
        var position = 0;
        foreach (var token in root.DescendantTokens())
        {
            if (!pattern.IsMatch(token.Text))
            {
                continue;
            }

            text.Append(source, position, token.SpanStart - position);
            var isText = token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken);
            text.Append(pattern.Replace(token.Text, isText ? inText : inCode));
            position = token.Span.End;
        }

        return text.Append(source, position, source.Length - position).ToString();
    }

    private static string? ReturnType(Random random, string source)
    {
        var method = Pick(random, Root(source).DescendantNodes().OfType<MethodDeclarationSyntax>().ToArray());
        return method is null ? null : Replace(source, method.ReturnType.Span, ReturnTypes[random.Next(ReturnTypes.Length)]);
    }

    private static string? ParameterType(Random random, string source)
    {
        var parameter = Pick(random, Root(source).DescendantNodes().OfType<ParameterSyntax>().Where(p => p.Type is not null).ToArray());
        return parameter is null ? null : Replace(source, parameter.Type!.Span, ParameterTypes[random.Next(ParameterTypes.Length)]);
    }

    /// <summary>A method with a prompt and a string parameter, and the span of that prompt's argument.</summary>
    private static (MethodDeclarationSyntax Method, AttributeArgumentSyntax Prompt, string Parameter)? PromptWithParameter(Random random, string source)
    {
        var candidates = Root(source).DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Select(m => (Method: m,
                Prompt: m.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString() == "UserPrompt")?.ArgumentList?.Arguments.FirstOrDefault(),
                Parameter: m.ParameterList.Parameters.FirstOrDefault(p => p.Type?.ToString() is "string" or "bool" or "int")?.Identifier.ValueText))
            .Where(c => c.Prompt is not null && c.Parameter is not null)
            .ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var chosen = candidates[random.Next(candidates.Length)];
        return (chosen.Method, chosen.Prompt!, chosen.Parameter!);
    }

    private static string? HugeTemplate(Random random, string source)
    {
        if (PromptWithParameter(random, source) is not { } target)
        {
            return null;
        }

        var repeat = random.Next(40, 400);
        var piece = random.Next(3) switch
        {
            0 => "Ask about {{ " + target.Parameter + " }} now. ",
            1 => "{{ if " + target.Parameter + " }}[{{ " + target.Parameter + " }}]{{ else }}-{{ end }}",
            _ => "{{~ " + target.Parameter + " ~}}\\n  line  \\t",
        };
        return Replace(source, target.Prompt.Expression.Span, "\"" + string.Concat(Enumerable.Repeat(piece, repeat)) + "\"");
    }

    private static string? DeepTemplate(Random random, string source)
    {
        if (PromptWithParameter(random, source) is not { } target)
        {
            return null;
        }

        var depth = random.Next(10, 60);
        var p = target.Parameter;
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            switch (random.Next(3))
            {
                case 0:
                    open.Append("{{ if ").Append(p).Append(" }}<").Append(i).Append('>');
                    close.Insert(0, "{{ end }}");
                    break;
                case 1:
                    open.Append("{{ if ").Append(p).Append(" }}(");
                    close.Insert(0, "){{ else }}{{ " + p + " }}{{ end }}");
                    break;
                default:
                    open.Append("{{ if ").Append(p).Append(" != null }}");
                    close.Insert(0, "{{ else if " + p + " == null }}none{{ end }}");
                    break;
            }
        }

        return Replace(source, target.Prompt.Expression.Span, "\"" + open + "{{ " + p + " }}" + close + "\"");
    }

    private static string? UnicodeInTemplate(Random random, string source)
    {
        var literals = Root(source).DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.Text.StartsWith('"') && t.Text.Length >= 2).ToArray();
        if (literals.Length == 0)
        {
            return null;
        }

        var literal = literals[random.Next(literals.Length)];
        var text = literal.Text;
        var at = 1 + random.Next(text.Length - 1);

        // Never split an escape sequence: move to just after a closing "}}" or a space when one is near.
        var safe = text.LastIndexOfAny(new[] { ' ', '}' }, Math.Max(1, at - 1));
        at = safe > 0 ? safe + 1 : 1;
        var insert = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => TemplateInserts[random.Next(TemplateInserts.Length)]));
        return source.Insert(literal.SpanStart + at, insert);
    }

    private static string? TemplateExpressionForm(Random random, string source)
    {
        if (PromptWithParameter(random, source) is not { } target)
        {
            return null;
        }

        var p = target.Parameter;
        var form = random.Next(6) switch
        {
            0 => "\"\"\"\n        Raw {{ " + p + " }} \"quoted\"\n        \"\"\"",
            1 => "@\"Verbatim {{ " + p + " }} \"\"q\"\"\"",
            2 => "\"Hello \" + \"{{ " + p + " }}\"",
            3 => "$\"{nameof(System)} {{{{ " + p + " }}}}\"",
            4 => "Consts.Template",
            _ => "nameof(" + p + ")",
        };
        var mutated = Replace(source, target.Prompt.Expression.Span, form);
        return form == "Consts.Template" ? mutated + "\ninternal static class Consts { public const string Template = \"From const {{ " + p + " }}\"; }\n" : mutated;
    }

    private static string? ForeignMember(Random random, string source)
    {
        var type = Pick(random, Root(source).DescendantNodes().OfType<InterfaceDeclarationSyntax>().ToArray());
        if (type is null)
        {
            return null;
        }

        var members = new[]
        {
            "string Name { get; }", "event EventHandler Changed;", "int this[int i] { get; }", "static abstract int Create();",
            "Task<string> Default(string q) => Task.FromResult(q);", "class Nested { }", "delegate void D();", "enum E { A }",
            "static string Helper() => \"x\";", "Task<string> Generic<T>(T value);", "Task<string> A(string q); Task<string> A(string q);",
            "Task<string> Client(string q);", "Task<string> CreateAskAsyncRequest(string q);", "new string ToString();", "Task<string> M(string q, CancellationToken a, CancellationToken b);",
            "const int X = 1;", "interface IInner { }", "sealed Task<string> S(string q) => Task.FromResult(q);", "private Task<string> P(string q) => Task.FromResult(q);",
        };
        return source.Insert(type.CloseBraceToken.SpanStart, "    " + members[random.Next(members.Length)] + "\n    ");
    }

    private static string? ClashingInterface(Random random, string source)
    {
        var type = Pick(random, Root(source).DescendantNodes().OfType<InterfaceDeclarationSyntax>().ToArray());
        if (type is null)
        {
            return null;
        }

        var name = type.Identifier.ValueText;
        var other = random.Next(6) switch
        {
            0 => name,
            1 => name.ToUpperInvariant(),
            2 => name.ToLowerInvariant(),
            3 => name + "_g",
            4 => name.Length > 1 ? char.ToLowerInvariant(name[0]) + name[1..] : name + "x",
            _ => name + "<T>",
        };
        var body = "[PromptClient] public partial interface " + other + " { [UserPrompt(\"Other {{ q }}\")] Task<string> OtherAsync(string q); }";
        var wrapper = random.Next(4) switch
        {
            0 => "namespace Clash" + random.Next(3) + " { " + body + " }",
            1 => "public partial class " + name + "Holder { " + body + " }",
            2 => "namespace " + name + " { " + body + " }",
            _ => body,
        };
        return source + "\n" + wrapper + "\n";
    }

    private static string? KeywordNames(Random random, string source)
    {
        var keywords = new[] { "@class", "@interface", "@return", "@event", "@namespace", "@string", "@object", "@default", "@async", "@await", "@var", "@operator" };
        var body = "[PromptClient] public partial interface " + (random.Next(2) == 0 ? "@interface" : "IKeywords") + " { "
            + "[UserPrompt(\"{{ " + keywords[random.Next(keywords.Length)].TrimStart('@') + " }}\")] Task<string> "
            + keywords[random.Next(keywords.Length)] + "(string " + keywords[random.Next(keywords.Length)] + "); }";
        return source + "\nnamespace Kw" + random.Next(1000) + " { " + body + " }\n";
    }
}
