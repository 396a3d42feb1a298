import TestSupport
import Testing
@testable import Identifiers

@Suite("Structure")
struct StructureTests {
    @Test("wrong length", arguments: ["", "8507143000", "85071430001", "8507143000180", "85071430001800"])
    func wrongLength(value: String) {
        #expect(Identifiers.validateIIN(value) == .failure(.wrongLength(value.count)))
        #expect(Identifiers.validateBIN(value) == .failure(.wrongLength(value.count)))
    }

    @Test("anything but ASCII digits", arguments: ["85071430001A", "85071430001 ", " 85071430001", "8507-4300018", "８５０７１４３０００１８", "٨٥٠٧١٤٣٠٠٠١٨", "+85071430001"])
    func notDigits(value: String) {
        #expect(value.count == 12)
        #expect(Identifiers.validateIIN(value) == .failure(.notDigits))
        #expect(Identifiers.validateBIN(value) == .failure(.notDigits))
    }

    @Test("century digit outside 1–6 (with a correct check digit)", arguments: [0, 7, 8, 9])
    func badCentury(c: Int) throws {
        var found = false
        for serial in 0..<50 {
            let prefix = digits("850714") + [c] + digits(String(1000 + serial).suffix(4).description)
            guard let v = complete(prefix) else { continue }
            #expect(Identifiers.validateIIN(v) == .failure(.badCentury(c)), "\(v)")
            found = true
            break
        }
        #expect(found)
    }

    @Test("each century digit gives its century and sex", arguments: [
        (1, 1800, true), (2, 1800, false), (3, 1900, true), (4, 1900, false), (5, 2000, true), (6, 2000, false),
    ])
    func centuries(c: Int, base: Int, male: Bool) throws {
        let v = try #require((0..<50).lazy.compactMap { complete(digits("850714") + [c] + digits("00\(10 + $0)")) }.first)
        let d = try Identifiers.validateIIN(v).get()
        #expect(d.birthYear == base + 85)
        #expect(d.male == male)
        #expect(d.birthDate == "\(base + 85)-07-14")
    }

    @Test("impossible birth dates, the leap rule applied to the right century", arguments: [
        ("230229", 5, "2023-02-29"), ("000229", 3, "1900-02-29"), ("850732", 3, "1985-07-32"), ("851314", 3, "1985-13-14"),
        ("850014", 3, "1985-00-14"), ("850700", 3, "1985-07-00"), ("850431", 3, "1985-04-31"),
    ])
    func impossibleDate(ymd: String, c: Int, shown: String) {
        let v = complete(digits(ymd) + [c] + digits("0001")) ?? complete(digits(ymd) + [c] + digits("0002"))!
        #expect(Identifiers.validateIIN(v) == .failure(.impossibleDate(shown)))
    }

    @Test("29 February of leap years is accepted", arguments: [("000229", 5), ("240229", 5), ("960229", 3), ("040229", 1)])
    func leap(ymd: String, c: Int) throws {
        let v = try #require(complete(digits(ymd) + [c] + digits("0001")) ?? complete(digits(ymd) + [c] + digits("0002")))
        let d = try Identifiers.validateIIN(v).get()
        #expect(d.birthMonth == 2 && d.birthDay == 29)
    }

    func bin(_ yymm: String, _ t: Int, _ a: Int) -> String {
        (0..<50).lazy.compactMap { complete(digits(yymm) + [t, a] + digits(String(10_000 + $0).suffix(5).description)) }.first!
    }

    @Test("BIN type digit must be 4, 5 or 6", arguments: [0, 1, 2, 3, 7, 8, 9])
    func badType(t: Int) {
        #expect(Identifiers.validateBIN(bin("1404", t, 0)) == .failure(.badType(t)))
    }

    @Test("BIN attribute digit must be 0–3", arguments: [4, 5, 9])
    func badAttribute(a: Int) {
        #expect(Identifiers.validateBIN(bin("1404", 4, a)) == .failure(.badAttribute(a)))
    }

    @Test("BIN month must be 01–12", arguments: ["1400", "1413", "1499"])
    func badMonth(yymm: String) {
        #expect(Identifiers.validateBIN(bin(yymm, 4, 0)) == .failure(.badMonth(Int(yymm.suffix(2))!)))
    }

    @Test("every valid BIN type and attribute is accepted with its labels", arguments: [4, 5, 6], [0, 1, 2, 3])
    func goodBIN(t: Int, a: Int) throws {
        let b = try Identifiers.validateBIN(bin("2512", t, a)).get()
        #expect(b.type == t && b.attribute == a && b.registrationMonth == 12 && b.registrationYear == 25)
        #expect(!b.typeLabel.kk.isEmpty && !b.typeLabel.ru.isEmpty && !b.typeLabel.en.isEmpty)
        #expect(!b.attributeLabel.kk.isEmpty && !b.attributeLabel.ru.isEmpty && !b.attributeLabel.en.isEmpty)
    }

    @Test("every problem has a stable code and kk/ru/en messages")
    func messages() {
        let all: [IdentifierProblem] = [.wrongLength(3), .notDigits, .badCentury(7), .impossibleDate("2001-02-30"), .badMonth(13),
                                        .badType(3), .badAttribute(4), .checkDigitUndefined, .checkDigitMismatch(expected: 8, found: 9)]
        #expect(Set(all.map(\.code)).count == all.count)
        for p in all {
            #expect(!p.code.isEmpty && p.code == p.code.lowercased())
            #expect(!p.message.kk.isEmpty && !p.message.ru.isEmpty && !p.message.en.isEmpty)
        }
        #expect(IdentifierProblem.checkDigitMismatch(expected: 8, found: 9).message.en.contains("8"))
    }
}

@Suite("Check digit properties")
struct CheckDigitProperties {
    @Test("Identifiers.checkDigit agrees with an independent implementation on 10 000 seeded random prefixes")
    func agrees() {
        var rng = SplitMix64(seed: 0x5EED_1147)
        var passes = [1: 0, 2: 0], undefined = 0, disagreements = 0
        for _ in 0..<10_000 {
            let prefix = (0..<11).map { _ in Int(rng.next() % 10) }
            let ref = referenceCheckDigit(prefix)
            let got = Identifiers.checkDigit(prefix)
            if got != ref.digit {
                disagreements += 1
                if disagreements <= 5 { Issue.record("\(text(prefix)): got \(String(describing: got)), expected \(String(describing: ref.digit))") }
            }
            if ref.digit == nil { undefined += 1 } else { passes[ref.pass, default: 0] += 1 }
        }
        #expect(disagreements == 0)
        // Both passes and the undefined case were exercised.
        #expect(passes[1]! > 8_000)
        #expect(passes[2]! > 100)
        #expect(undefined > 30) // ≈ 10 000 / 121 expected
    }

    @Test("generated IINs for random real dates validate with their date and sex")
    func generated() throws {
        var rng = SplitMix64(seed: 42)
        var made = 0
        while made < 3_000 {
            let year = 1800 + Int(rng.next() % 300)
            let month = 1 + Int(rng.next() % 12)
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            let day = 1 + Int(rng.next() % UInt64(dim))
            let male = rng.next() % 2 == 0
            let c = (year - 1800) / 100 * 2 + (male ? 1 : 2)
            let serial = (0..<4).map { _ in Int(rng.next() % 10) }
            let prefix = digits(two(year % 100) + two(month) + two(day)) + [c] + serial
            guard let v = complete(prefix) else {
                #expect(Identifiers.validateIIN(text(prefix + [0])) == .failure(.checkDigitUndefined))
                continue
            }
            made += 1
            let d = try Identifiers.validateIIN(v).get()
            #expect(d.birthYear == year && d.birthMonth == month && d.birthDay == day && d.male == male, "\(v)")
            #expect(d.birthDate == "\(year)-\(two(month))-\(two(day))")
        }
    }

    /// What the algorithm guarantees for a single wrong digit (worked out from the weights mod 11: pass 1's
    /// weights are 1…10 and 11 ≡ 0, pass 2's are 3…10, 11 ≡ 0, 1, 2):
    /// - a wrong 12th digit (the check digit) is always caught;
    /// - a wrong digit among d1…d10 is caught unless it moves the number to the other pass;
    /// - a wrong 11th digit is NEVER caught when pass 1 decides (its weight is 11 ≡ 0 mod 11), and always
    ///   caught when pass 2 decides (weight 2).
    /// So "every single-digit error is detected" does not hold for this algorithm; the test checks the
    /// guarantee it does give, against `Identifiers.validateIIN`, over every single-digit change.
    @Test("single wrong digits: detected exactly as far as the algorithm guarantees")
    func singleDigitErrors() throws {
        var rng = SplitMix64(seed: 7)
        var checkedNumbers = 0, undetectedD11 = 0, passSwitches = 0
        var secondPassNumbers = 0
        while checkedNumbers < 1_500 {
            // Random valid IINs (the birth date is kept valid so only the digit matters).
            let year = 1900 + Int(rng.next() % 200)
            let month = 1 + Int(rng.next() % 12), day = 1 + Int(rng.next() % 28)
            let c = (year - 1800) / 100 * 2 + 1 + Int(rng.next() % 2)
            let prefix = digits(two(year % 100) + two(month) + two(day)) + [c] + (0..<4).map { _ in Int(rng.next() % 10) }
            guard let v = complete(prefix) else { continue }
            checkedNumbers += 1
            let original = try Identifiers.validateIIN(v).get()
            let pass = referenceCheckDigit(prefix).pass
            if pass == 2 { secondPassNumbers += 1 }
            var d = digits(v)
            for pos in 0..<12 {
                let keep = d[pos]
                for x in 0..<10 where x != keep {
                    d[pos] = x
                    let changed = text(d)
                    let result = Identifiers.validateIIN(changed)
                    if case .success(let details) = result {
                        switch pos {
                        case 11:
                            Issue.record("\(v) → \(changed): a wrong check digit was accepted")
                        case 10:
                            #expect(pass == 1, "\(v) → \(changed): d11 change accepted although pass 2 decides")
                            #expect(details == original) // same date, same sex, same K: indistinguishable
                            undetectedD11 += 1
                        default:
                            let newPass = referenceCheckDigit(Array(d[0..<11])).pass
                            #expect(newPass != pass, "\(v) → \(changed): accepted on the same pass \(pass)")
                            passSwitches += 1
                        }
                    } else if pos == 10 && pass == 1 {
                        // Only a structural check could reject it; d11 is a serial digit, so this must not happen.
                        Issue.record("\(v) → \(changed): expected the algorithm's blind spot to accept it, got \(result)")
                    }
                }
                d[pos] = keep
            }
        }
        #expect(secondPassNumbers > 0)
        #expect(undetectedD11 > 0)   // the blind spot exists…
        #expect(passSwitches > 0)    // …and so does the pass-switch one
    }

    @Test("the blind spot on a docs/acts.md example: 850714300018 with another 11th digit still validates")
    func blindSpotExample() throws {
        let original = try Identifiers.validateIIN("850714300018").get()
        for x in 0...9 where x != 1 {
            let v = "8507143000\(x)8"
            #expect(try Identifiers.validateIIN(v).get() == original, "\(v)")
        }
        // On the second pass the 11th digit is protected: 621231400503 → 6212314005x3 fails for x ≠ 0.
        for x in 1...9 {
            #expect(throws: IdentifierProblem.self) { try Identifiers.validateIIN("6212314005\(x)3").get() }
        }
    }

    @Test("a wrong check digit always reports the right expected digit")
    func mismatchReportsExpected() {
        var rng = SplitMix64(seed: 99)
        var n = 0
        while n < 500 {
            let prefix = digits("140440") + (0..<5).map { _ in Int(rng.next() % 10) }
            guard let k = referenceCheckDigit(prefix).digit else { continue }
            n += 1
            let wrong = (k + 1 + Int(rng.next() % 9)) % 10
            #expect(Identifiers.validateBIN(text(prefix + [wrong])) == .failure(.checkDigitMismatch(expected: k, found: wrong)))
            #expect((try? Identifiers.validateBIN(text(prefix + [k])).get()) != nil)
        }
    }
}
