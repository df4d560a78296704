using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PromptGen.Generator.Templates
{
    /// <summary>
    /// Parses PromptGen's prompt templates: the subset of Scriban's syntax below, at build time, into a model the
    /// generator turns into straight-line C# (no template engine runs at run time).
    /// </summary>
    /// <remarks>
    /// <para><b>The subset</b> (also in <c>Templates/README.md</c>). Every template in it parses the same way in Scriban
    /// (structure, precedence, whitespace trimming); what values mean at run time is the generator's business.</para>
    /// <list type="bullet">
    /// <item>Text outside <c>{{ }}</c> is literal. A literal <c>{{</c> is written <c>{{ "{{" }}</c>, a literal
    /// <c>}}</c> <c>{{ "}}" }}</c>; an escape block <c>{%{ … }%}</c> (or <c>{%%{ … }%%}</c>, …) outputs its content as is.</item>
    /// <item><c>{{ expr }}</c> outputs an expression. One statement per code block; line breaks inside a block are
    /// whitespace (Scriban sometimes ends a statement at one: see the README).</item>
    /// <item>Expressions: member paths <c>name</c>, <c>order.Customer.Name</c> (identifiers of letters, digits and
    /// <c>_</c>, not starting with a digit); strings in <c>"…"</c> or <c>'…'</c> with the escapes <c>\" \' \\ \n \r \t
    /// \b \f \uXXXX \xXX</c>; integers (<c>42</c>) and decimals (<c>0.5</c>); <c>true</c>, <c>false</c>,
    /// <c>null</c>; unary <c>!</c> / <c>not</c>; binary operators, loosest first: <c>||</c> / <c>or</c>;
    /// <c>&amp;&amp;</c> / <c>and</c>; <c>==</c> <c>!=</c>; <c>&lt;</c> <c>&lt;=</c> <c>&gt;</c> <c>&gt;=</c>
    /// (all left-associative, as in C# and Scriban); parentheses.</item>
    /// <item><c>{{ if c }}…{{ else if c }}…{{ else }}…{{ end }}</c>.</item>
    /// <item><c>{{ for item in items }}…{{ end }}</c>; <c>item</c> is visible in the body only, and so are Scriban's
    /// loop variables <c>for.index</c>, <c>for.first</c>, <c>for.last</c>, … (parsed as a path starting with
    /// <c>for</c>; the binder resolves them).</item>
    /// <item>Whitespace control, as in Scriban: <c>{{-</c> / <c>-}}</c> remove all whitespace (newlines included)
    /// before / after the block; <c>{{~</c> removes the spaces and tabs before the block, back to but not including
    /// the previous newline; <c>~}}</c> removes the spaces and tabs after the block and the first newline.</item>
    /// <item>Comments inside a code block: <c># to the end of the line</c> and <c>## … ##</c>; both also end at <c>}}</c>.</item>
    /// </list>
    /// <para>Everything else of Scriban (assignments, pipes, function calls, arithmetic, ranges, indexers, arrays,
    /// objects, <c>$</c> variables, <c>while</c>, <c>case</c>, <c>capture</c>, <c>func</c>, …) is reported as not in
    /// the subset, with how to do it instead. A <c>}}</c> in text with no <c>{{</c> is an error too (Scriban would
    /// print it; here it is almost always a typo such as <c>{name}}</c>).</para>
    /// <para><b>Errors.</b> <see cref="Parse"/> never throws. It parses as much as it can and reports every error it
    /// finds, at most one per code block (the first; later ones in a block are usually consequences), plus block
    /// structure errors (a missing <c>{{ end }}</c> is reported at the tag that opened the block). Spans are offsets
    /// into the template string's value.</para>
    /// </remarks>
    internal static class TemplateParser
    {
        /// <summary>Deepest nesting of parentheses and unary operators in one expression (keeps recursion bounded).</summary>
        internal const int MaxExpressionDepth = 64;

        /// <summary>
        /// Deepest nesting of <c>if</c> and <c>for</c> blocks (an <c>else if</c> chain is one level): the binder, the
        /// emitter and the C# compiler all walk nested blocks recursively, so unbounded nesting would overflow the
        /// compiler's stack. A block deeper than this is reported once and its body dropped.
        /// </summary>
        internal const int MaxBlockDepth = 64;

        /// <summary>Most binary operators in one expression (keeps the trees, and code that walks them recursively, shallow).</summary>
        internal const int MaxOperators = 256;

        private const string SubsetHint =
            "PromptGen templates support {{ value }}, {{ if }}…{{ else if }}…{{ else }}…{{ end }} and {{ for item in items }}…{{ end }}";

        public static ParsedTemplate Parse(string text)
        {
            text ??= string.Empty;
            var errors = new List<TemplateError>();
            EquatableArray<TemplateNode> nodes;
            try
            {
                List<TemplateSegment> segments = TemplateLexer.Lex(text, errors);
                nodes = new Builder(text, errors).Build(segments);
            }
            catch (Exception exception)
            {
                // A safety net for the build, not a code path: the fuzz tests keep it unreachable.
                errors.Add(new TemplateError(
                    "PromptGen could not parse this template (internal error: " + exception.GetType().Name + "); please report it with the template",
                    new TemplateSpan(0, text.Length)));
                nodes = EquatableArray<TemplateNode>.Empty;
            }

            return new ParsedTemplate(nodes, errors.OrderBy(e => e.Span.Start).ToEquatableArray());
        }

        private enum FrameKind
        {
            Root,
            If,
            For,

            /// <summary>A Scriban block statement outside the subset (<c>while</c>, <c>case</c>, …): already reported; its body is dropped.</summary>
            Unsupported,
        }

        private sealed class Frame
        {
            public Frame(FrameKind kind, TemplateSpan openerSpan, string keyword)
            {
                Kind = kind;
                OpenerSpan = openerSpan;
                Keyword = keyword;
            }

            public FrameKind Kind { get; }

            public TemplateSpan OpenerSpan { get; }

            public string Keyword { get; }

            public List<TemplateNode> Body { get; set; } = new List<TemplateNode>();

            // if
            public List<IfBranch> Branches { get; } = new List<IfBranch>();

            public TemplateExpression? Condition { get; set; }

            public bool InElse { get; set; }

            // for
            public string Variable { get; set; } = string.Empty;

            public TemplateSpan VariableSpan { get; set; }

            public TemplateExpression? Source { get; set; }

            public void EndBranch()
            {
                if (!InElse && Condition is not null)
                {
                    Branches.Add(new IfBranch(Condition, Body.ToEquatableArray()));
                }
            }

            public TemplateNode ToNode(int end)
            {
                TemplateSpan span = TemplateSpan.FromBounds(OpenerSpan.Start, end);
                if (Kind == FrameKind.If)
                {
                    EndBranch();
                    return new IfNode(Branches.ToEquatableArray(), InElse ? Body.ToEquatableArray() : null, span);
                }

                return new ForNode(Variable, VariableSpan, Source!, Body.ToEquatableArray(), span);
            }
        }

        private sealed class Builder
        {
            private static readonly HashSet<string> s_reserved = new HashSet<string>(StringComparer.Ordinal)
            {
                "if", "else", "end", "for", "in", "and", "or", "not", "true", "false", "null",
                "while", "case", "when", "capture", "func", "ret", "break", "continue", "readonly", "import",
                "with", "wrap", "include", "tablerow", "this", "empty", "blank",
            };

            private static readonly string[] s_statementKeywords = { "if", "else", "end", "for" };

            private readonly string _text;
            private readonly List<TemplateError> _errors;
            private readonly List<Frame> _frames = new List<Frame>();

            private CodeSegment _block = null!;
            private IReadOnlyList<TemplateToken> _tokens = Array.Empty<TemplateToken>();
            private int _index;
            private bool _blockReported;
            private int _depth;
            private int _operators;

            public Builder(string text, List<TemplateError> errors)
            {
                _text = text;
                _errors = errors;
                _frames.Add(new Frame(FrameKind.Root, default, string.Empty));
            }

            private Frame Top => _frames[_frames.Count - 1];

            private TemplateToken Current => _tokens[_index];

            private TemplateToken PeekToken(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];

            private void Next()
            {
                if (_index < _tokens.Count - 1)
                {
                    _index++;
                }
            }

            public EquatableArray<TemplateNode> Build(List<TemplateSegment> segments)
            {
                for (int i = 0; i < segments.Count; i++)
                {
                    switch (segments[i])
                    {
                        case TextSegment text:
                            TrimMode left = i > 0 ? segments[i - 1].TrimAfter : TrimMode.None;
                            TrimMode right = i + 1 < segments.Count ? segments[i + 1].TrimBefore : TrimMode.None;
                            AddText(text.Start, text.End, left, right);
                            break;
                        case EscapeSegment escape:
                            AddText(escape.ContentStart, escape.ContentEnd, TrimMode.None, TrimMode.None);
                            break;
                        case CodeSegment code:
                            ParseBlock(code);
                            break;
                    }
                }

                while (_frames.Count > 1)
                {
                    Frame frame = Top;
                    _frames.RemoveAt(_frames.Count - 1);
                    if (frame.Kind == FrameKind.Unsupported)
                    {
                        continue;
                    }

                    _errors.Add(new TemplateError(
                        "'{{ " + frame.Keyword + " }}' is never closed: add '{{ end }}' after its body",
                        frame.OpenerSpan));
                    Top.Body.Add(frame.ToNode(_text.Length));
                }

                return Top.Body.ToEquatableArray();
            }

            private void AddText(int start, int end, TrimMode trimStart, TrimMode trimEnd)
            {
                if (trimStart == TrimMode.Greedy)
                {
                    while (start < end && char.IsWhiteSpace(_text[start]))
                    {
                        start++;
                    }
                }
                else if (trimStart == TrimMode.NonGreedy)
                {
                    while (start < end && IsSpace(_text[start]))
                    {
                        start++;
                    }

                    if (start + 1 < end && _text[start] == '\r' && _text[start + 1] == '\n')
                    {
                        start += 2;
                    }
                    else if (start < end && (_text[start] == '\n' || _text[start] == '\r'))
                    {
                        start++;
                    }
                }

                if (trimEnd == TrimMode.Greedy)
                {
                    while (end > start && char.IsWhiteSpace(_text[end - 1]))
                    {
                        end--;
                    }
                }
                else if (trimEnd == TrimMode.NonGreedy)
                {
                    while (end > start && IsSpace(_text[end - 1]))
                    {
                        end--;
                    }
                }

                if (end > start)
                {
                    string text = _text.Substring(start, end - start);
                    if (WireTextChecks.FirstBad(text, controls: false) is { } lone)
                    {
                        // Not Report: text outside {{ }} belongs to no code block.
                        _errors.Add(new TemplateError("This text holds " + WireTextChecks.Describe(text, lone) + ": " + WireTextChecks.LoneSurrogateAdvice, new TemplateSpan(start + lone, 1)));
                    }

                    Top.Body.Add(new TextNode(text, TemplateSpan.FromBounds(start, end)));
                }
            }

            /// <summary>Whitespace that is not a line break.</summary>
            private static bool IsSpace(char c) => c != '\n' && c != '\r' && char.IsWhiteSpace(c);

            private void Report(string message, TemplateSpan span)
            {
                if (!_blockReported && !_block.HasLexError)
                {
                    _errors.Add(new TemplateError(message, span));
                }

                _blockReported = true;
            }

            private void ParseBlock(CodeSegment block)
            {
                _block = block;
                _tokens = block.Tokens;
                _index = 0;
                _blockReported = false;
                _depth = 0;
                _operators = 0;

                TemplateToken first = Current;
                if (first.Kind == TokenKind.EndOfBlock)
                {
                    return; // {{ }} or a comment: nothing to output; its whitespace control still applied.
                }

                if (first.Kind == TokenKind.Identifier && !PeekToken(1).Is("."))
                {
                    switch (first.Text)
                    {
                        case "if":
                            Next();
                            TemplateExpression condition = ParseRequired("Expected a condition after 'if', as in {{ if count > 0 }}");
                            ExpectEndOfBlock(condition);
                            Push(new Frame(FrameKind.If, block.Span, "if") { Condition = condition });
                            return;
                        case "else":
                            bool isElseIf = PeekToken(1).IsKeyword("if");
                            ParseElse(isElseIf, keywordTokens: isElseIf ? 2 : 1);
                            return;
                        case "elseif":
                        case "elsif":
                        case "elif":
                            Report("'" + first.Text + "' is not a keyword: write '{{ else if condition }}'", first.Span);
                            ParseElse(isElseIf: true, keywordTokens: 1);
                            return;
                        case "end":
                            ParseEnd();
                            return;
                        case "endif":
                        case "endfor":
                        case "endwhile":
                            Report("'" + first.Text + "' is not a keyword: close every block with '{{ end }}'", first.Span);
                            ParseEnd();
                            return;
                        case "for":
                            ParseFor();
                            return;
                        case "while":
                            ReportUnsupportedBlock(first, "'while' loops are not in PromptGen's subset: loop over a collection with '{{ for item in items }}'");
                            return;
                        case "case":
                            ReportUnsupportedBlock(first, "'case' is not in PromptGen's subset: use '{{ if x == 1 }}…{{ else if x == 2 }}…{{ else }}…{{ end }}'");
                            return;
                        case "when" when Top.Kind == FrameKind.Unsupported:
                            return;
                        case "capture":
                            ReportUnsupportedBlock(first, "'capture' is not in PromptGen's subset: templates cannot set variables; build the text in C# and pass it as a parameter");
                            return;
                        case "func":
                            ReportUnsupportedBlock(first, "Defining functions ('func') is not in PromptGen's subset: write the logic in C# and pass its result as a parameter");
                            return;
                        case "with":
                        case "wrap":
                        case "tablerow":
                            ReportUnsupportedBlock(first, "'" + first.Text + "' is not in PromptGen's subset. " + SubsetHint);
                            return;
                        case "when":
                        case "ret":
                        case "break":
                        case "continue":
                        case "readonly":
                        case "import":
                        case "include":
                            Report("'" + first.Text + "' is not in PromptGen's subset. " + SubsetHint + AloneHint(first), first.Span);
                            return;
                        case "assign":
                        case "unless":
                            if (PeekToken(1).Kind != TokenKind.EndOfBlock)
                            {
                                Report(
                                    first.Text == "assign"
                                        ? "Assignments are not in PromptGen's subset: templates only read the method's parameters; compute the value in C# and pass it as a parameter"
                                        : "'unless' is not a keyword: write '{{ if !condition }}'",
                                    first.Span);
                                if (first.Text == "unless")
                                {
                                    Push(new Frame(FrameKind.Unsupported, block.Span, first.Text));
                                }

                                return;
                            }

                            break;
                    }
                }

                TemplateExpression? expression = ParseExpression("Expected an expression");
                if (expression is not null && ExpectEndOfBlock(expression))
                {
                    Top.Body.Add(new OutputNode(expression, block.Span));
                }
            }

            private void Push(Frame frame)
            {
                // _frames holds the root too: MaxBlockDepth blocks are open when it holds one more.
                if (_frames.Count > MaxBlockDepth)
                {
                    if (_frames.Count == MaxBlockDepth + 1)
                    {
                        Report("This '{{ " + frame.Keyword + " }}' is nested more than " + MaxBlockDepth.ToString(CultureInfo.InvariantCulture)
                            + " blocks deep: flatten the conditions (combine them with 'and', or use '{{ else if }}'), or compute the text in C# and pass it as a parameter", _block.Span);
                    }

                    frame = new Frame(FrameKind.Unsupported, frame.OpenerSpan, frame.Keyword); // its body is dropped; its {{ end }} still matches
                }

                _frames.Add(frame);
            }

            /// <summary>
            /// For a Scriban keyword alone in its block or piped (<c>{{ when }}</c>, <c>{{ when | f }}</c>), most likely a parameter of that name: how to
            /// insert it (a template reads no parameter named like a keyword); otherwise nothing.
            /// </summary>
            private string AloneHint(TemplateToken keyword) =>
                PeekToken(1).Kind == TokenKind.EndOfBlock || PeekToken(1).Is("|")
                    ? "; if '" + keyword.Text + "' is a parameter, a template cannot read it by that name: rename the parameter (for example '" + keyword.Text + "Value') and use the new name"
                    : "";

            private void ReportUnsupportedBlock(TemplateToken keyword, string message)
            {
                Report(message + AloneHint(keyword), keyword.Span);
                Push(new Frame(FrameKind.Unsupported, _block.Span, keyword.Text));
            }

            /// <summary><c>else</c>, <c>else if c</c>, or (already reported) <c>elseif c</c>; <paramref name="keywordTokens"/> says how many tokens the keyword takes.</summary>
            private void ParseElse(bool isElseIf, int keywordTokens)
            {
                string tag = isElseIf ? "{{ else if }}" : "{{ else }}";
                for (int i = 0; i < keywordTokens; i++)
                {
                    Next();
                }

                TemplateExpression? condition = null;
                if (isElseIf)
                {
                    condition = ParseRequired("Expected a condition after 'else if', as in {{ else if count > 0 }}");
                }

                ExpectEndOfBlock(condition);

                Frame top = Top;
                switch (top.Kind)
                {
                    case FrameKind.Unsupported:
                        return;
                    case FrameKind.Root:
                        Report("'" + tag + "' has no matching '{{ if }}': add '{{ if condition }}' before it, or remove it", _block.Span);
                        return;
                    case FrameKind.For:
                        Report("'" + tag + "' must be directly inside an '{{ if }}' block, but this one is inside a '{{ for }}' loop: close the loop with '{{ end }}' first", _block.Span);
                        return;
                }

                if (top.InElse)
                {
                    Report(
                        isElseIf
                            ? "'{{ else if }}' cannot follow '{{ else }}': move it before the '{{ else }}'"
                            : "This '{{ if }}' already has an '{{ else }}': remove one of them",
                        _block.Span);
                    return;
                }

                top.EndBranch();
                top.Body = new List<TemplateNode>();
                if (isElseIf)
                {
                    top.Condition = condition;
                }
                else
                {
                    top.InElse = true;
                }
            }

            private void ParseEnd()
            {
                Next();
                ExpectEndOfBlock(null);
                if (_frames.Count == 1)
                {
                    Report("'{{ end }}' has no block to close: remove it, or add the '{{ if }}' or '{{ for }}' it should end", _block.Span);
                    return;
                }

                Frame frame = Top;
                _frames.RemoveAt(_frames.Count - 1);
                if (frame.Kind != FrameKind.Unsupported)
                {
                    Top.Body.Add(frame.ToNode(_block.Span.End));
                }
            }

            private void ParseFor()
            {
                var frame = new Frame(FrameKind.For, _block.Span, "for");
                Push(frame); // even when the header is wrong, so that its {{ end }} still matches
                Next();

                TemplateToken variable = Current;
                frame.Source = Missing(variable.Span);
                frame.VariableSpan = new TemplateSpan(variable.Span.Start, 0);
                if (variable.Kind != TokenKind.Identifier || s_reserved.Contains(variable.Text))
                {
                    Report(
                        variable.Kind == TokenKind.Identifier
                            ? "'" + variable.Text + "' is a keyword and cannot name a loop variable: choose another name, as in {{ for item in items }}"
                            : DescribeUnexpected(variable, "Expected a loop variable name after 'for', as in {{ for item in items }}"),
                        variable.Span);
                    return;
                }

                frame.Variable = variable.Text;
                frame.VariableSpan = variable.Span;
                Next();
                if (!Current.IsKeyword("in"))
                {
                    Report(
                        Current.Kind == TokenKind.EndOfBlock || Current.Kind == TokenKind.Identifier
                            ? "Expected 'in' after the loop variable, as in {{ for " + variable.Text + " in items }}"
                            : DescribeUnexpected(Current, string.Empty),
                        Current.Span);
                    return;
                }

                Next();
                TemplateExpression source = ParseRequired("Expected the collection to loop over after 'in', as in {{ for " + variable.Text + " in items }}");
                frame.Source = source;
                if (Current.Kind == TokenKind.Identifier && (Current.Text == "limit" || Current.Text == "offset" || Current.Text == "reversed"))
                {
                    Report("Loop options ('limit:', 'offset:', 'reversed') are not in PromptGen's subset: shape the collection in C# before passing it", Current.Span);
                    return;
                }

                ExpectEndOfBlock(source);
            }

            /// <summary>The block must end here. Returns whether it did.</summary>
            private bool ExpectEndOfBlock(TemplateExpression? previous)
            {
                TemplateToken token = Current;
                if (token.Kind == TokenKind.EndOfBlock)
                {
                    return true;
                }

                string message;
                if (token.Is(";"))
                {
                    message = DescribeUnexpected(token, string.Empty);
                }
                else if (previous is PathExpression { Segments.Count: 1 } head
                    && head.Span.Start == _tokens[0].Span.Start
                    && StartsOperand(token)
                    && TemplateNames.Suggest(head.Segments[0].Name, s_statementKeywords) is string keyword)
                {
                    // {{ iff x }}, {{ fro item in items }}: a misspelt keyword, not a function call.
                    Report("Unknown keyword '" + head.Segments[0].Name + "': did you mean '" + keyword + "'?", head.Span);
                    if (keyword == "if" || keyword == "for")
                    {
                        Push(new Frame(FrameKind.Unsupported, _block.Span, keyword)); // so that its {{ end }} matches
                    }

                    return false;
                }
                else if (previous is PathExpression path && StartsOperand(token))
                {
                    message = "'" + path + " " + token.Text + "' is a function call, which is not in PromptGen's subset: call it in C# and pass the result as a parameter, or end the expression with '}}'";
                }
                else if (token.Kind == TokenKind.Identifier || token.Kind == TokenKind.String || token.Kind == TokenKind.Integer || token.Kind == TokenKind.Decimal || token.Is("(") || token.Is(")"))
                {
                    message = "Unexpected '" + token.Text + "': a code block holds one expression or statement; end it with '}}'";
                }
                else
                {
                    message = DescribeUnexpected(token, string.Empty);
                }

                Report(message, token.Span);
                return false;
            }

            private static bool StartsOperand(TemplateToken token) =>
                token.Kind == TokenKind.Identifier || token.Kind == TokenKind.String || token.Kind == TokenKind.Integer
                || token.Kind == TokenKind.Decimal || token.Kind == TokenKind.LocalVariable || token.Kind == TokenKind.BacktickString
                || token.Kind == TokenKind.BadNumber || token.Is("(");

            /// <summary>Explains why <paramref name="token"/> cannot be here; <paramref name="expectation"/> says what could.</summary>
            private static string DescribeUnexpected(TemplateToken token, string expectation)
            {
                switch (token.Kind)
                {
                    case TokenKind.EndOfBlock:
                        return expectation.Length != 0 ? expectation : "Unexpected end of the code block";
                    case TokenKind.LocalVariable:
                        return "Local variables ('" + token.Text + "') are not in PromptGen's subset: use the method's parameters and loop variables by name";
                    case TokenKind.BacktickString:
                        return "Backtick strings are not in PromptGen's subset: use \"…\" or '…'";
                    case TokenKind.BadNumber:
                        return "'" + token.Text + "' is not a number in PromptGen's subset: write digits with an optional decimal part, such as 42 or 0.5";
                    case TokenKind.Unknown:
                        return "Unexpected character '" + token.Text + "' in a code block";
                    case TokenKind.Punctuation:
                        switch (token.Text)
                        {
                            case "+":
                            case "-":
                            case "*":
                            case "/":
                            case "//":
                            case "%":
                            case "++":
                            case "--":
                                return "Arithmetic ('" + token.Text + "') is not in PromptGen's subset: compute the value in C# and pass it as a parameter";
                            case "|":
                            case "|>":
                                return "'" + token.Text + "' is not a pipe in PromptGen's subset: write 'value | function', as in {{ name | string.upcase }}";
                            case "=":
                                return "Assignments ('=') are not in PromptGen's subset: templates only read the method's parameters (to compare, write '==')";
                            case "[":
                            case "]":
                                return "Indexers and arrays ('[…]') are not in PromptGen's subset: loop with '{{ for item in items }}', or pass the element as a parameter";
                            case "{":
                                return "Object literals ('{…}') are not in PromptGen's subset";
                            case "}":
                                return "Unexpected '}': a code block ends with '}}'";
                            case "..":
                            case "..<":
                                return "Ranges ('" + token.Text + "') are not in PromptGen's subset: loop over a collection passed as a parameter";
                            case ";":
                                return "PromptGen's subset allows one statement per code block: end this one with '}}' and start the next with '{{'";
                            case "&":
                                return "'&' is not an operator in PromptGen's subset: write '&&' or 'and'";
                            case "@":
                                return "A name in a template has no '@': a parameter declared as '@class' is named 'class', so write '{{ class }}'";
                            case "(":
                            case ")":
                            case "!":
                            case ".":
                            case "==":
                            case "!=":
                            case "<":
                            case "<=":
                            case ">":
                            case ">=":
                            case "&&":
                            case "||":
                                return expectation.Length != 0
                                    ? expectation + ", but found '" + token.Text + "'"
                                    : "Unexpected '" + token.Text + "'";
                            default:
                                return "'" + token.Text + "' is not in PromptGen's subset. " + SubsetHint;
                        }

                    default:
                        return expectation.Length != 0
                            ? expectation + ", but found '" + token.Text + "'"
                            : "Unexpected '" + token.Text + "'";
                }
            }

            private static TemplateExpression Missing(TemplateSpan at) => new LiteralExpression(LiteralKind.Null, null, string.Empty, new TemplateSpan(at.Start, 0));

            private TemplateExpression ParseRequired(string expectation) => ParseExpression(expectation) ?? Missing(Current.Span);

            private TemplateExpression? ParseExpression(string expectation) => ParsePipe(expectation);

            /// <summary><c>value | function arg …</c>, loosest of all and left-associative, as in Scriban.</summary>
            private TemplateExpression? ParsePipe(string expectation)
            {
                TemplateExpression? left = ParseOr(expectation);
                while (left is not null && Current.Is("|"))
                {
                    if (++_operators > MaxOperators)
                    {
                        Report("This expression has too many operators (more than " + MaxOperators.ToString(CultureInfo.InvariantCulture) + "): simplify it, or compute it in C#", Current.Span);
                        return null;
                    }

                    Next();
                    if (Current.Kind != TokenKind.Identifier)
                    {
                        Report(DescribeUnexpected(Current, "Expected a function after '|', as in {{ name | string.upcase }}"), Current.Span);
                        return null;
                    }

                    int start = Current.Span.Start;
                    var name = new System.Text.StringBuilder(Current.Text);
                    int end = Current.Span.End;
                    Next();
                    while (Current.Is(".") && PeekToken(1).Kind == TokenKind.Identifier)
                    {
                        Next();
                        name.Append('.').Append(Current.Text);
                        end = Current.Span.End;
                        Next();
                    }

                    var arguments = new List<TemplateExpression>();
                    while (StartsArgument(Current) || StartsNegativeNumber())
                    {
                        TemplateExpression? argument = ParseUnary("Expected an argument");
                        if (argument is null)
                        {
                            return null;
                        }

                        arguments.Add(argument);
                    }

                    var function = new PathSegment(name.ToString(), TemplateSpan.FromBounds(start, end));
                    int last = arguments.Count > 0 ? arguments[arguments.Count - 1].Span.End : end;
                    left = new PipeExpression(left, function, arguments.ToEquatableArray(), TemplateSpan.FromBounds(left.Span.Start, last));
                }

                return left;
            }

            /// <summary>Whether a negative number starts here: '-' right before the digits, with no space ('-1', '-0.5'); '- 1' is arithmetic.</summary>
            private bool StartsNegativeNumber() =>
                Current.Is("-") && PeekToken(1).Kind is TokenKind.Integer or TokenKind.Decimal && PeekToken(1).Span.Start == Current.Span.End;

            /// <summary>
            /// A number in a form the subset does not read, starting here with no space inside: '-' right before a bad
            /// number ('-1e2', '-0x1F'), or a '.' right before digits, alone or after a '-' ('.5', '-.5').
            /// </summary>
            private (string Message, TemplateSpan Span)? MalformedNumber()
            {
                TemplateToken first = Current;
                int next = first.Is("-") ? 1 : 0;
                if (next == 1 && PeekToken(1) is { Kind: TokenKind.BadNumber } bad && bad.Span.Start == first.Span.End)
                {
                    return ("'-" + bad.Text + "' is not a number in PromptGen's subset: write digits with an optional decimal part, such as -42 or -0.5",
                        TemplateSpan.FromBounds(first.Span.Start, bad.Span.End));
                }

                TemplateToken point = PeekToken(next);
                TemplateToken digits = PeekToken(next + 1);
                if (point.Is(".") && (next == 0 || point.Span.Start == first.Span.End)
                    && digits.Kind is TokenKind.Integer or TokenKind.Decimal or TokenKind.BadNumber && digits.Span.Start == point.Span.End)
                {
                    string text = (next == 1 ? "-" : "") + "." + digits.Text;
                    return ("'" + text + "' is not a number in PromptGen's subset: write a digit before the point, as in " + (next == 1 ? "-0" : "0") + "." + digits.Text,
                        TemplateSpan.FromBounds(first.Span.Start, digits.Span.End));
                }

                return null;
            }

            private static bool StartsArgument(TemplateToken token) =>
                (token.Kind == TokenKind.Identifier && !s_reserved.Contains(token.Text)) || token.Kind == TokenKind.String || token.Kind == TokenKind.Integer
                || token.Kind == TokenKind.Decimal || token.Is("(");

            private TemplateExpression? ParseOr(string expectation)
            {
                TemplateExpression? left = ParseAnd(expectation);
                while (left is not null && (Current.Is("||") || Current.IsKeyword("or")))
                {
                    left = ParseRight(left, BinaryOperator.Or, ParseAnd);
                }

                return left;
            }

            private TemplateExpression? ParseAnd(string expectation)
            {
                TemplateExpression? left = ParseEquality(expectation);
                while (left is not null && (Current.Is("&&") || Current.IsKeyword("and")))
                {
                    left = ParseRight(left, BinaryOperator.And, ParseEquality);
                }

                return left;
            }

            private TemplateExpression? ParseEquality(string expectation)
            {
                TemplateExpression? left = ParseRelational(expectation);
                while (left is not null && (Current.Is("==") || Current.Is("!=")))
                {
                    left = ParseRight(left, Current.Is("==") ? BinaryOperator.Equal : BinaryOperator.NotEqual, ParseRelational);
                }

                return left;
            }

            private TemplateExpression? ParseRelational(string expectation)
            {
                TemplateExpression? left = ParseUnary(expectation);
                while (left is not null && (Current.Is("<") || Current.Is("<=") || Current.Is(">") || Current.Is(">=")))
                {
                    BinaryOperator op = Current.Text switch
                    {
                        "<" => BinaryOperator.Less,
                        "<=" => BinaryOperator.LessOrEqual,
                        ">" => BinaryOperator.Greater,
                        _ => BinaryOperator.GreaterOrEqual,
                    };
                    left = ParseRight(left, op, ParseUnary);
                }

                return left;
            }

            private TemplateExpression? ParseRight(TemplateExpression left, BinaryOperator op, Func<string, TemplateExpression?> operand)
            {
                string opText = Current.Text;
                if (++_operators > MaxOperators)
                {
                    Report("This expression has too many operators (more than " + MaxOperators.ToString(CultureInfo.InvariantCulture) + "): simplify it, or compute it in C#", Current.Span);
                    return null;
                }

                Next();
                TemplateExpression? right = operand("Expected a value after '" + opText + "'");
                return right is null ? null : new BinaryExpression(op, left, right, TemplateSpan.FromBounds(left.Span.Start, right.Span.End));
            }

            private TemplateExpression? ParseUnary(string expectation)
            {
                if (!Current.Is("!") && !Current.IsKeyword("not"))
                {
                    return ParsePrimary(expectation);
                }

                TemplateToken op = Current;
                if (!Enter(op))
                {
                    return null;
                }

                Next();
                TemplateExpression? operand = ParseUnary("Expected a value after '" + op.Text + "'");
                _depth--;
                return operand is null ? null : new UnaryExpression(UnaryOperator.Not, operand, TemplateSpan.FromBounds(op.Span.Start, operand.Span.End));
            }

            private bool Enter(TemplateToken at)
            {
                if (++_depth > MaxExpressionDepth)
                {
                    Report("This expression nests too deeply (more than " + MaxExpressionDepth.ToString(CultureInfo.InvariantCulture) + " levels): simplify it, or compute it in C#", at.Span);
                    return false;
                }

                return true;
            }

            /// <summary>
            /// The number literal <paramref name="digits"/>, negated when it starts after <paramref name="start"/> (at its '-');
            /// the literal's text and span then start at the '-'. Negative zero is zero.
            /// </summary>
            private LiteralExpression? Number(TemplateToken digits, int start)
            {
                TemplateSpan span = TemplateSpan.FromBounds(start, digits.Span.End);
                string text = start == digits.Span.Start ? digits.Text : "-" + digits.Text;
                if (digits.Kind == TokenKind.Integer)
                {
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
                    {
                        return new LiteralExpression(LiteralKind.Integer, integer, text, span);
                    }

                    Report("'" + text + "' is too " + (text.StartsWith("-", StringComparison.Ordinal) ? "small" : "large") + ": integers must fit in 64 bits (from " + long.MinValue.ToString(CultureInfo.InvariantCulture)
                        + " to " + long.MaxValue.ToString(CultureInfo.InvariantCulture) + ")", span);
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
                {
                    if (number == 0m)
                    {
                        number = decimal.Parse(digits.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                    }

                    return new LiteralExpression(LiteralKind.Decimal, number, text, span);
                }

                Report("'" + text + "' is too " + (text.StartsWith("-", StringComparison.Ordinal) ? "small" : "large") + " for a decimal number", span);
                return null;
            }

            private TemplateExpression? ParsePrimary(string expectation)
            {
                TemplateToken token = Current;
                switch (token.Kind)
                {
                    case TokenKind.Identifier:
                        return ParseIdentifier(token);
                    case TokenKind.String:
                        Next();
                        if (token.StringValue is { } value && WireTextChecks.FirstBad(value, controls: false) is { } lone)
                        {
                            Report("This string holds " + WireTextChecks.Describe(value, lone) + ": " + WireTextChecks.LoneSurrogateAdvice, token.Span);
                            return null;
                        }

                        return new LiteralExpression(LiteralKind.String, token.StringValue, token.Text, token.Span);
                    case TokenKind.Integer:
                    case TokenKind.Decimal:
                        Next();
                        return Number(token, token.Span.Start);
                    case TokenKind.Punctuation when StartsNegativeNumber():
                        // A negative number ('-1', '-0.5'): one literal, not arithmetic, which '-' elsewhere is.
                        Next();
                        TemplateToken digits = Current;
                        Next();
                        return Number(digits, token.Span.Start);
                    case TokenKind.Punctuation when MalformedNumber() is { } malformed:
                        // '-1e2', '-.5', '.5': one number written in a form the subset does not read, reported whole
                        // rather than as arithmetic or a stray '.'.
                        Report(malformed.Message, malformed.Span);
                        return null;
                    case TokenKind.Punctuation when token.Is("("):
                        if (!Enter(token))
                        {
                            return null;
                        }

                        Next();
                        TemplateExpression? inner = ParseExpression("Expected an expression after '('");
                        _depth--;
                        if (inner is null)
                        {
                            return null;
                        }

                        if (!Current.Is(")"))
                        {
                            Report(
                                Current.Kind == TokenKind.EndOfBlock || Current.Kind == TokenKind.Identifier || Current.Kind == TokenKind.String
                                    ? "Expected ')' to close the '('"
                                    : DescribeUnexpected(Current, "Expected ')'"),
                                Current.Span);
                            return null;
                        }

                        Next();
                        return inner;
                    default:
                        Report(DescribeUnexpected(token, expectation), token.Span);
                        return null;
                }
            }

            private TemplateExpression? ParseIdentifier(TemplateToken token)
            {
                switch (token.Text)
                {
                    case "true":
                    case "false":
                        Next();
                        return new LiteralExpression(LiteralKind.Boolean, token.Text == "true", token.Text, token.Span);
                    case "null":
                        Next();
                        return new LiteralExpression(LiteralKind.Null, null, token.Text, token.Span);
                }

                if ((token.Text == "while" || token.Text == "tablerow") && PeekToken(1).Is("."))
                {
                    TemplateToken member = PeekToken(2);
                    int end = member.Kind == TokenKind.Identifier ? member.Span.End : PeekToken(1).Span.End;
                    string name = _text.Substring(token.Span.Start, end - token.Span.Start);
                    Report(
                        "'" + name + "': '" + token.Text + "' loops are not in PromptGen's subset, so neither are their loop variables: inside '{{ for item in items }}', use for.index, for.first and for.last",
                        TemplateSpan.FromBounds(token.Span.Start, end));
                    return null;
                }

                if (s_reserved.Contains(token.Text) && !(token.Text == "for" && PeekToken(1).Is(".")))
                {
                    Report(
                        "'" + token.Text + "' is a keyword, not a value: " + (token.Text == "this" || token.Text == "empty" || token.Text == "blank"
                            ? "Scriban's '" + token.Text + "' is not in PromptGen's subset"
                            : "it cannot start an expression here")
                        + "; a template cannot read a parameter declared '@" + token.Text + "': rename the parameter (for example '" + token.Text + "Value') and use the new name",
                        token.Span);
                    return null;
                }

                var segments = new List<PathSegment> { new PathSegment(token.Text, token.Span) };
                Next();
                while (Current.Is("."))
                {
                    TemplateToken dot = Current;
                    Next();
                    if (Current.Kind != TokenKind.Identifier)
                    {
                        Report(DescribeUnexpected(Current, "Expected a member name after '.'"), Current.Kind == TokenKind.EndOfBlock ? dot.Span : Current.Span);
                        return null;
                    }

                    segments.Add(new PathSegment(Current.Text, Current.Span));
                    Next();
                }

                var path = new PathExpression(segments.ToEquatableArray());
                if (Current.Is("(") && Current.Span.Start == path.Span.End)
                {
                    Report("'" + path + "(…)' is a function call, which is not in PromptGen's subset: call it in C# and pass the result as a parameter", Current.Span);
                    return null;
                }

                if (Current.Is("[") && Current.Span.Start == path.Span.End)
                {
                    Report(DescribeUnexpected(Current, string.Empty), Current.Span);
                    return null;
                }

                return path;
            }
        }
    }
}
