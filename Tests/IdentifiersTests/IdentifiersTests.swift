import TestSupport
import Testing
@testable import Identifiers

/// The check digit written here from docs/acts.md's description, independently of `Identifiers.checkDigit`:
/// c = Σ dᵢ·i mod 11 (weights 1…11); if c = 10, again with weights 3, 4, …, 11, 1, 2; if still 10 there is
/// no check digit. Returns the digit and the pass that decided it.
func referenceCheckDigit(_ d: [Int]) -> (digit: Int?, pass: Int) {
    let w1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    let w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    var s = 0
    for i in 0..<11 { s += d[i] * w1[i] }
    if s % 11 != 10 { return (s % 11, 1) }
    s = 0
    for i in 0..<11 { s += d[i] * w2[i] }
    return (s % 11 == 10 ? nil : s % 11, 2)
}

func digits(_ s: String) -> [Int] { s.map { Int(String($0))! } }
func text(_ d: [Int]) -> String { d.map(String.init).joined() }
func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

/// The 11-digit prefix completed with its check digit, or nil when it has none.
func complete(_ prefix: [Int]) -> String? {
    guard let k = referenceCheckDigit(prefix).digit else { return nil }
    return text(prefix + [k])
}


@Suite("docs/acts.md examples")
struct DomainExamples {
    @Test("valid IINs", arguments: [
        ("850714300018", "1985-07-14", true),
        ("010228600010", "2001-02-28", false),
        ("621231400503", "1962-12-31", false),
    ])
    func validIIN(value: String, birth: String, male: Bool) throws {
        let d = try Identifiers.validateIIN(value).get()
        #expect(d.birthDate == birth)
        #expect(d.male == male)
    }

    @Test("621231400503 is decided on the second pass")
    func secondPass() {
        let r = referenceCheckDigit(digits("621231400503"))
        #expect(r.pass == 2)
        #expect(r.digit == 3)
        #expect(Identifiers.checkDigit(digits("621231400503")) == 3)
    }

    @Test("valid BIN 140440031745")
    func validBIN() throws {
        let b = try Identifiers.validateBIN("140440031745").get()
        #expect(b.registrationYear == 14)
        #expect(b.registrationMonth == 4)
        #expect(b.type == 4)
        #expect(b.attribute == 0)
        #expect(b.typeLabel.en.contains("resident"))
        #expect(b.attributeLabel.en == "head office")
    }

    @Test("850714300019: check digit mismatch (expected 8, found 9)")
    func badCheck() {
        #expect(Identifiers.validateIIN("850714300019") == .failure(.checkDigitMismatch(expected: 8, found: 9)))
    }

    @Test("010230600011: 30 February")
    func feb30() {
        #expect(Identifiers.validateIIN("010230600011") == .failure(.impossibleDate("2001-02-30")))
    }

    @Test("621231400590: both passes give 10")
    func undefined() {
        #expect(referenceCheckDigit(digits("621231400590")).digit == nil)
        #expect(Identifiers.validateIIN("621231400590") == .failure(.checkDigitUndefined))
        #expect(Identifiers.checkDigit(digits("621231400590")) == nil)
    }

    @Test("141340031744: BIN month 13")
    func binMonth13() {
        #expect(Identifiers.validateBIN("141340031744") == .failure(.badMonth(13)))
    }
}
