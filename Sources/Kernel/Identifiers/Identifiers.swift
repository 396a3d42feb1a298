/// Kazakhstan's individual and business identification numbers (docs/acts.md "Identifiers").
///
/// IIN (individuals) `YYMMDD C NNNN K`: C gives century and sex (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s;
/// odd = male). BIN (legal entities) `YYMM T A NNNNN K`: T = 4 resident, 5 non-resident, 6 joint
/// individual entrepreneurship; A = 0 head office, 1 branch, 2 representative office, 3 peasant farm.
/// Check digit K over d1…d11: c = Σ dᵢ·i mod 11 (weights 1…11); if c = 10, again with weights
/// 3, 4, …, 11, 1, 2; if still 10 the number is invalid; else valid iff c = K.
public enum IdentifierKind: String, Sendable, CaseIterable { case iin, bin }

public struct IdentifierText: Hashable, Sendable {
    public let kk: String, ru: String, en: String
}

public enum IdentifierProblem: Error, Hashable, Sendable {
    case wrongLength(Int)
    case notDigits
    case badCentury(Int)
    case impossibleDate(String)
    case badMonth(Int)
    case badType(Int)
    case badAttribute(Int)
    case checkDigitUndefined
    case checkDigitMismatch(expected: Int, found: Int)

    public var code: String {
        switch self {
        case .wrongLength: return "wrong_length"
        case .notDigits: return "not_digits"
        case .badCentury: return "bad_century_digit"
        case .impossibleDate: return "impossible_date"
        case .badMonth: return "bad_month"
        case .badType: return "bad_type_digit"
        case .badAttribute: return "bad_attribute_digit"
        case .checkDigitUndefined: return "check_digit_undefined"
        case .checkDigitMismatch: return "check_digit_mismatch"
        }
    }

    public var message: IdentifierText {
        switch self {
        case .wrongLength(let n):
            return IdentifierText(kk: "12 цифр болуы керек, ал \(n) таңба берілді", ru: "должно быть 12 цифр, получено символов: \(n)", en: "must be 12 digits, got \(n) characters")
        case .notDigits:
            return IdentifierText(kk: "тек цифрлардан тұруы керек", ru: "должен состоять только из цифр", en: "must contain digits only")
        case .badCentury(let c):
            return IdentifierText(kk: "7-ші цифр (ғасыр мен жыныс) \(c) — 1–6 болуы керек", ru: "7-я цифра (век и пол) \(c) — должна быть от 1 до 6", en: "7th digit (century and sex) is \(c); it must be 1–6")
        case .impossibleDate(let d):
            return IdentifierText(kk: "туған күні \(d) күнтізбеде жоқ", ru: "дата рождения \(d) не существует", en: "birth date \(d) does not exist")
        case .badMonth(let m):
            return IdentifierText(kk: "тіркелген айы \(m) — 01–12 болуы керек", ru: "месяц регистрации \(m) — должен быть от 01 до 12", en: "registration month \(m) must be 01–12")
        case .badType(let t):
            return IdentifierText(kk: "5-ші цифр (тұлға түрі) \(t) — 4, 5 немесе 6 болуы керек", ru: "5-я цифра (тип лица) \(t) — должна быть 4, 5 или 6", en: "5th digit (entity type) is \(t); it must be 4, 5 or 6")
        case .badAttribute(let a):
            return IdentifierText(kk: "6-шы цифр (белгі) \(a) — 0–3 болуы керек", ru: "6-я цифра (признак) \(a) — должна быть от 0 до 3", en: "6th digit (attribute) is \(a); it must be 0–3")
        case .checkDigitUndefined:
            return IdentifierText(kk: "бақылау цифры анықталмайды (екі есептеуде де 10): мұндай нөмір берілмейді", ru: "контрольный разряд не определяется (в обоих проходах 10): такой номер не выдаётся", en: "the check digit is undefined (10 on both passes): no such number is issued")
        case .checkDigitMismatch(let e, let f):
            return IdentifierText(kk: "бақылау цифры \(f), ал \(e) болуы керек", ru: "контрольный разряд \(f), а должен быть \(e)", en: "check digit is \(f), expected \(e)")
        }
    }
}

public struct IINDetails: Hashable, Sendable {
    public let birthYear: Int, birthMonth: Int, birthDay: Int
    public let male: Bool
    public var birthDate: String {
        func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(birthYear)-\(p(birthMonth))-\(p(birthDay))"
    }
}

public struct BINDetails: Hashable, Sendable {
    public let registrationYear: Int   // two digits as written (YY)
    public let registrationMonth: Int
    public let type: Int               // 4, 5, 6
    public let attribute: Int          // 0–3

    public var typeLabel: IdentifierText {
        switch type {
        case 4: return IdentifierText(kk: "резидент заңды тұлға", ru: "юридическое лицо-резидент", en: "resident legal entity")
        case 5: return IdentifierText(kk: "бейрезидент заңды тұлға", ru: "юридическое лицо-нерезидент", en: "non-resident legal entity")
        default: return IdentifierText(kk: "бірлескен жеке кәсіпкерлік", ru: "совместное индивидуальное предпринимательство", en: "joint individual entrepreneurship")
        }
    }
    public var attributeLabel: IdentifierText {
        switch attribute {
        case 0: return IdentifierText(kk: "бас ұйым", ru: "головное подразделение", en: "head office")
        case 1: return IdentifierText(kk: "филиал", ru: "филиал", en: "branch")
        case 2: return IdentifierText(kk: "өкілдік", ru: "представительство", en: "representative office")
        default: return IdentifierText(kk: "шаруа (фермер) қожалығы", ru: "крестьянское (фермерское) хозяйство", en: "peasant farm")
        }
    }
}

public enum Identifiers {
    /// The check digit of the first 11 digits, or nil when both passes give 10.
    public static func checkDigit(_ d: [Int]) -> Int? {
        precondition(d.count >= 11)
        var c = 0
        for i in 0..<11 { c += d[i] * (i + 1) }
        c %= 11
        if c != 10 { return c }
        c = 0
        for i in 0..<11 { c += d[i] * ((i + 2) % 11 + 1) } // weights 3, 4, …, 11, 1, 2
        c %= 11
        return c == 10 ? nil : c
    }

    static func digits(_ s: String) -> Result<[Int], IdentifierProblem> {
        guard s.count == 12 else { return .failure(.wrongLength(s.count)) }
        var out: [Int] = []
        for ch in s.unicodeScalars {
            guard ch.value >= 48, ch.value <= 57 else { return .failure(.notDigits) }
            out.append(Int(ch.value - 48))
        }
        return .success(out)
    }

    static func check(_ d: [Int]) -> IdentifierProblem? {
        guard let c = checkDigit(d) else { return .checkDigitUndefined }
        return c == d[11] ? nil : .checkDigitMismatch(expected: c, found: d[11])
    }

    public static func validateIIN(_ s: String) -> Result<IINDetails, IdentifierProblem> {
        let d: [Int]
        switch digits(s) { case .failure(let p): return .failure(p); case .success(let v): d = v }
        let yy = d[0] * 10 + d[1], mm = d[2] * 10 + d[3], dd = d[4] * 10 + d[5], c = d[6]
        guard (1...6).contains(c) else { return .failure(.badCentury(c)) }
        let year = 1800 + 100 * ((c - 1) / 2) + yy
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(mm), (1...dim[mm - 1]).contains(dd) else {
            func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            return .failure(.impossibleDate("\(year)-\(p(mm))-\(p(dd))"))
        }
        if let problem = check(d) { return .failure(problem) }
        return .success(IINDetails(birthYear: year, birthMonth: mm, birthDay: dd, male: c % 2 == 1))
    }

    public static func validateBIN(_ s: String) -> Result<BINDetails, IdentifierProblem> {
        let d: [Int]
        switch digits(s) { case .failure(let p): return .failure(p); case .success(let v): d = v }
        let yy = d[0] * 10 + d[1], mm = d[2] * 10 + d[3]
        guard (1...12).contains(mm) else { return .failure(.badMonth(mm)) }
        guard (4...6).contains(d[4]) else { return .failure(.badType(d[4])) }
        guard (0...3).contains(d[5]) else { return .failure(.badAttribute(d[5])) }
        if let problem = check(d) { return .failure(problem) }
        return .success(BINDetails(registrationYear: yy, registrationMonth: mm, type: d[4], attribute: d[5]))
    }
}

/// The identifiers Rasim stores and looks up — applications, organizations, services, officials, documents,
/// complaints: 1–200 characters, words of Latin letters (with the Kazakh Latin alphabet's Ä Ğ Ñ Ö Ş Ū Ü İ ı),
/// Cyrillic letters (Kazakh's Ә Ғ Қ Ң Ө Ұ Ү Һ І among them), digits and `- _ . : # № / ( ) +`, separated by single
/// spaces (application numbers such as `Ө-2025/1` keep their form). No control characters (a NUL once cut an id
/// short on SQLite and named another organization's application), no other white space, quotes, backslashes or
/// angle brackets. Defined once — `pattern` is the same rule for the API description — and every input uses it.
public enum RecordID {
    public static let maxLength = 200
    static let kazakhLatin: Set<Unicode.Scalar> = ["Ä", "ä", "Ğ", "ğ", "Ñ", "ñ", "Ö", "ö", "Ş", "ş", "Ū", "ū", "Ü", "ü", "İ", "ı"]
    static let punctuation: Set<Unicode.Scalar> = ["-", "_", ".", ":", "#", "№", "/", "(", ")", "+"]

    static func allowed(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x400...0x4FF: return true
        default: return kazakhLatin.contains(u) || punctuation.contains(u)
        }
    }

    /// The rule as a regular expression (ECMA-262 and Python alike), for the OpenAPI document.
    /// One word of the alphabet, as a regular expression.
    static let word = "[A-Za-z0-9\\u0400-\\u04FF" + kazakhLatin.sorted().map { String($0) }.joined() + "_.:#№/()+-]+"
    public static let pattern = "^" + word + "( " + word + ")*$"

    /// Why `text` is not an identifier (English; the adapters add the path), or nil when it is one.
    public static func problem(_ text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.unicodeScalars.count > maxLength { return "must be at most \(maxLength) characters" }
        if text.first == " " || text.last == " " || text.contains("  ") { return "must not begin or end with a space, or hold two in a row" }
        for u in text.unicodeScalars where u != " " && !allowed(u) {
            return "may hold only Latin or Cyrillic letters, digits, single spaces and - _ . : # № / ( ) + (found \(TextRule.describe(u)))"
        }
        return nil
    }
}

/// Free text (names, reasons, notes): no control characters — a NUL breaks what stores or shows it — and no
/// invisible bidirectional overrides that make a text read differently from what it holds. Line breaks and
/// tabs only where a text may span lines.
public enum TextRule {
    /// The rule as a regular expression for free text (line breaks allowed), for the OpenAPI document.
    public static let pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$"

    /// The rule for one line (no line breaks or tabs either).
    public static let linePattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$"

    public static func problem(_ text: String, multiline: Bool = false) -> String? {
        for u in text.unicodeScalars {
            let v = u.value
            if multiline, v == 0x09 || v == 0x0A || v == 0x0D { continue }
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                return "must not contain \(describe(u))"
            }
        }
        return nil
    }

    /// A character named so that a reader can find it: `U+0000`, or the character itself in quotes.
    public static func describe(_ u: Unicode.Scalar) -> String {
        if u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.properties.isWhitespace || (0x2000...0x206F).contains(u.value) {
            let hex = String(u.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "\"\(u)\""
    }
}

/// A name (of an organization, an official): one line of text (`TextRule`), 1–500 characters, not only spaces.
public enum NameRule {
    public static let maxLength = 500
    static let allowedClass = "[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]"
    /// At least one character other than a space, none a control character.
    public static let pattern = "^" + allowedClass + "*[^\\u0000-\\u0020\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]" + allowedClass + "*$"

    public static func problem(_ text: String) -> String? {
        if let p = TextRule.problem(text) { return p }
        if !text.unicodeScalars.contains(where: { $0 != " " }) { return "must not be empty or only spaces" }
        if text.unicodeScalars.count > maxLength { return "must be at most \(maxLength) characters" }
        return nil
    }
}

/// A user name: one word of the identifier alphabet (`RecordID` without spaces), at most 64 characters — the
/// sign-in's own bound.
public enum UsernameRule {
    public static let maxLength = 64
    public static let pattern = "^" + RecordID.word + "$"

    public static func problem(_ text: String) -> String? {
        if text.contains(" ") { return "must not contain spaces" }
        if text.unicodeScalars.count > maxLength { return "must be at most \(maxLength) characters" }
        return RecordID.problem(text)
    }
}
