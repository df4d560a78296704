#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices;

/// <summary>
/// Lets the netstandard2.0 build declare <c>init</c> accessors (the type ships in .NET 5 and later; the compiler only
/// needs one by this name). Internal, so it never clashes with another library's copy.
/// </summary>
internal static class IsExternalInit
{
}
#endif
