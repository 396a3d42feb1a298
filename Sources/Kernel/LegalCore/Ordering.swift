/// Texts ordered by their Unicode code points (the contracts' order for ids and subjects, whatever the locale).
public func byCodePoint(_ a: String, _ b: String) -> Bool { a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) }
