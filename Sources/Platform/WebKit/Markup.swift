/// The one escape for text put into HTML or XML (pages, printable forms, SVG charts, XLSX parts): the five
/// special characters as entities, and the characters XML 1.0 forbids (C0 controls but tab and line breaks,
/// U+FFFE, U+FFFF) dropped — an HTML page carrying them is no better for it.
public enum Markup {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || (0xFFFE...0xFFFF).contains(u.value) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
