import Testing
@testable import LegalCore

func date(_ s: String) -> LocalDate {
    guard let d = LocalDate(s) else { fatalError("bad test date \(s)") }
    return d
}

@Suite("Validity")
struct ValidityTests {
    @Test("half-open: from is in force, until is not")
    func halfOpen() {
        let v = Validity(from: date("2020-01-01"), until: date("2021-01-01"))
        #expect(v.status(on: date("2019-12-31")) == .notYetInForce)
        #expect(v.status(on: date("2020-01-01")) == .inForce)
        #expect(v.status(on: date("2020-12-31")) == .inForce)
        #expect(v.status(on: date("2021-01-01")) == .noLongerInForce)
        #expect(v.status(on: date("2030-01-01")) == .noLongerInForce)
        #expect(v.contains(date("2020-06-15")))
        #expect(!v.contains(date("2021-01-01")))
    }

    @Test("open-ended validity stays in force")
    func openEnded() {
        let v = Validity(from: date("2020-01-01"))
        #expect(v.status(on: date("2100-01-01")) == .inForce)
        #expect(v.status(on: date("2019-12-31")) == .notYetInForce)
    }

    @Test("uncertain ranges answer .uncertain, half-open too, with their note")
    func uncertain() {
        let v = Validity(from: date("2015-04-14"), until: date("2018-07-01"),
                         uncertain: [UncertainRange(from: date("2018-05-13"), until: date("2018-07-01"), note: "publication date unknown")])
        #expect(v.status(on: date("2018-05-12")) == .inForce)
        #expect(v.status(on: date("2018-05-13")) == .uncertain("publication date unknown"))
        #expect(v.status(on: date("2018-06-30")) == .uncertain("publication date unknown"))
        #expect(v.status(on: date("2018-07-01")) == .noLongerInForce)
        #expect(!v.contains(date("2018-06-01")))
    }

    @Test("overlaps means sharing at least one day")
    func overlaps() {
        let a = Validity(from: date("2020-01-01"), until: date("2021-01-01"))
        let adjacent = Validity(from: date("2021-01-01"), until: date("2022-01-01"))
        let sharing = Validity(from: date("2020-12-31"), until: date("2022-01-01"))
        let open = Validity(from: date("2019-01-01"))
        #expect(!a.overlaps(adjacent))
        #expect(!adjacent.overlaps(a))
        #expect(a.overlaps(sharing))
        #expect(sharing.overlaps(a))
        #expect(open.overlaps(a))
        #expect(a.overlaps(open))
        #expect(Validity(from: date("2020-01-01")).overlaps(Validity(from: date("2030-01-01"))))
    }
}

@Suite("Versioned")
struct VersionedTests {
    let c = Citation(.psRisk2023, "§9")

    func v(_ from: String, _ until: String?, _ value: Int, uncertain: [UncertainRange] = []) -> Versioned<Int>.Version {
        .init(validity: Validity(from: date(from), until: until.map(date), uncertain: uncertain), value: value, citation: c)
    }

    @Test("overlapping versions are refused at construction, in any order")
    func overlapRefused() {
        #expect(throws: LegalError.self) { try Versioned([v("2020-01-01", "2021-01-02", 1), v("2021-01-01", nil, 2)]) }
        #expect(throws: LegalError.self) { try Versioned([v("2021-01-01", nil, 2), v("2020-01-01", nil, 1)]) }
        #expect(throws: LegalError.self) {
            try Versioned([v("2010-01-01", "2011-01-01", 0), v("2020-01-01", "2030-01-01", 1), v("2025-01-01", "2026-01-01", 2)])
        }
        do {
            _ = try Versioned([v("2020-01-01", "2021-01-02", 1), v("2021-01-01", nil, 2)])
        } catch {
            guard case .overlappingVersions = error else { Issue.record("wrong error \(error)"); return }
        }
    }

    @Test("adjacent versions are accepted and inForce picks the right one")
    func picks() throws {
        let r = try Versioned([v("2022-01-01", nil, 3), v("2015-01-01", "2020-01-01", 1), v("2020-01-01", "2021-06-01", 2)])
        #expect(try r.inForce(on: date("2015-01-01")).value == 1)
        #expect(try r.inForce(on: date("2019-12-31")).value == 1)
        #expect(try r.inForce(on: date("2020-01-01")).value == 2)
        #expect(try r.inForce(on: date("2021-05-31")).value == 2)
        #expect(try r.inForce(on: date("2022-01-01")).value == 3)
        #expect(try r.inForce(on: date("2099-01-01")).value == 3)
        #expect(r.versions.map(\.value) == [1, 2, 3])
    }

    @Test("a gap or a date before the first version is noVersionInForce")
    func gap() throws {
        let r = try Versioned([v("2015-01-01", "2020-01-01", 1), v("2022-01-01", nil, 3)])
        #expect(throws: LegalError.noVersionInForce(date: date("2021-01-01"))) { try r.inForce(on: date("2021-01-01")) }
        #expect(throws: LegalError.noVersionInForce(date: date("2020-01-01"))) { try r.inForce(on: date("2020-01-01")) }
        #expect(throws: LegalError.noVersionInForce(date: date("2014-12-31"))) { try r.inForce(on: date("2014-12-31")) }
    }

    @Test("an uncertain date is an error, not a guess")
    func uncertain() throws {
        let r = try Versioned([
            v("2015-01-01", "2018-07-01", 1, uncertain: [UncertainRange(from: date("2018-05-13"), until: date("2018-07-01"), note: "n")]),
            v("2018-07-01", nil, 2),
        ])
        #expect(try r.inForce(on: date("2018-05-12")).value == 1)
        #expect(throws: LegalError.uncertainValidity(date: date("2018-06-01"), note: "n")) { try r.inForce(on: date("2018-06-01")) }
        #expect(try r.inForce(on: date("2018-07-01")).value == 2)
    }

    @Test("an empty rule has no version in force")
    func empty() throws {
        let r = try Versioned<Int>([])
        #expect(throws: LegalError.self) { try r.inForce(on: date("2025-01-01")) }
    }
}
