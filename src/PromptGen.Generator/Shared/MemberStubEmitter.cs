namespace PromptGen.Generator.Shared;

/// <summary>Writes the throwing explicit implementation of a <see cref="MemberStubSpec"/>, for clients and fakes alike.</summary>
internal static class MemberStubEmitter
{
    /// <summary>The stubs of a prompt interface's Client: the members PromptGen cannot implement (PG0012), each after a blank line.</summary>
    public static void Emit(SourceWriter w, InterfaceSpec spec)
    {
        foreach (var stub in spec.MemberStubs)
        {
            w.Line();
            Emit(w, stub, $"PromptGen cannot implement {spec.Name}.{stub.Name}: a prompt interface implements its own methods only. See the PromptGen error reported for this member.");
        }
    }

    /// <summary>Writes <paramref name="stub"/>; each of its bodies throws <c>NotSupportedException</c> with <paramref name="message"/>.</summary>
    public static void Emit(SourceWriter w, MemberStubSpec stub, string message)
    {
        var @throw = "throw new global::System.NotSupportedException(" + SymbolText.Literal(message) + ")";
        var prefix = stub.IsStatic ? "static " : "";
        switch (stub.Kind)
        {
            case MemberStubKind.Method:
                w.Line($"{prefix}{stub.Type} {stub.Owner}.{stub.Name}{stub.TypeParameters}({stub.Parameters}){stub.Constraints} =>");
                w.Line($"    {@throw};");
                break;
            case MemberStubKind.Event:
                w.Open($"{prefix}event {stub.Type} {stub.Owner}.{stub.Name}");
                w.Line($"add => {@throw};");
                w.Line($"remove => {@throw};");
                w.Close();
                break;
            default:
                var name = stub.Kind == MemberStubKind.Indexer ? "this[" + stub.Parameters + "]" : stub.Name;
                w.Open($"{prefix}{stub.Type} {stub.Owner}.{name}");
                foreach (var accessor in stub.Accessors)
                {
                    w.Line($"{accessor} => {@throw};");
                }

                w.Close();
                break;
        }
    }
}
