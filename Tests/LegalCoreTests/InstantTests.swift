import TestSupport
import Testing
@testable import LegalCore

@Suite("Instant")
struct InstantTests {
    // Epoch seconds computed outside Rasim (Python calendar.timegm).
    @Test("parses Z and ±HH:MM offsets", arguments: [
        ("2025-03-03T10:00:00Z", Int64(1_740_996_000)),
        ("2025-03-03T10:00:00z", Int64(1_740_996_000)),
        ("2025-03-03T10:00Z", Int64(1_740_996_000)),
        ("2025-03-03 10:00:00Z", Int64(1_740_996_000)),
        ("2025-03-03T10:00:00+05:00", Int64(1_740_978_000)),
        ("2025-03-03T10:00:00-03:30", Int64(1_741_008_600)),
        ("2025-03-03T10:00:00+00:00", Int64(1_740_996_000)),
        ("2024-02-29T18:30:00Z", Int64(1_709_231_400)),
        ("2024-03-01T00:30:00+06:00", Int64(1_709_231_400)),
        ("1969-12-31T23:59:59Z", Int64(-1)),
        ("2000-01-01T05:00:00+05:00", Int64(946_684_800)),
    ])
    func parses(text: String, seconds: Int64) throws {
        let t = try #require(Instant(iso: text))
        #expect(t.secondsSinceEpoch == seconds)
    }

    @Test("fractional seconds are accepted and do not move the instant to another second", arguments: [
        "2025-03-03T10:00:00.123Z", "2025-03-03T10:00:00.999999+00:00", "2025-03-03T10:00:00,5Z", "2025-03-03T15:00:00.1+05:00",
    ])
    func fractional(text: String) throws {
        let t = try #require(Instant(iso: text))
        #expect(t.secondsSinceEpoch == 1_740_996_000)
    }

    @Test("an instant without an offset, or malformed, is refused", arguments: [
        "2025-03-03T10:00:00", "2025-03-03T10:00", "2025-03-03T10:00:00.5", "2025-03-03", "2025-03-03T",
        "2025-03-03T24:00:00Z", "2025-03-03T10:60:00Z", "2025-03-03T10:00:60Z", "2025-02-30T10:00:00Z",
        "2025-03-03T10:00:00+5:00", "2025-03-03T10:00:00+05", "2025-03-03T10:00:00+0500", "2025-03-03T10:00:00+05:60",
        "2025-03-03T10:00:00+15:00", "2025-03-03T10:00:00.Z", "2025-03-03T10:00:00Zjunk", "2025-03-03T10:00:00 Z",
        "2025-03-03X10:00:00Z", "2025-03-03T1:00:00Z", "2025-03-03T10:0:00Z", "2025-03-03T10:00:5Z", "",
        "2025-03-03T10:00.5Z", "2025-03-03T10:00:00+05:00Z",
    ])
    func refuses(text: String) {
        #expect(Instant(iso: text) == nil)
    }

    @Test("iso(offsetSeconds:) renders local wall-clock time with the offset")
    func renders() {
        let t = Instant(secondsSinceEpoch: 1_709_231_400) // 2024-02-29T18:30:00Z
        #expect(t.iso(offsetSeconds: 0) == "2024-02-29T18:30:00Z")
        #expect(t.iso(offsetSeconds: 5 * 3600) == "2024-02-29T23:30:00+05:00")
        #expect(t.iso(offsetSeconds: 6 * 3600) == "2024-03-01T00:30:00+06:00")
        #expect(t.iso(offsetSeconds: -(3 * 3600 + 1800)) == "2024-02-29T15:00:00-03:30")
        #expect(Instant(secondsSinceEpoch: -1).iso(offsetSeconds: 0) == "1969-12-31T23:59:59Z")
        #expect(Instant(secondsSinceEpoch: -86_401).iso(offsetSeconds: 0) == "1969-12-30T23:59:59Z")
    }

    @Test("iso(offsetSeconds:) round-trips through Instant(iso:) (seeded random instants and offsets)")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 20_250_303)
        let offsets = [0, 5 * 3600, 6 * 3600, -(3 * 3600 + 1800), 14 * 3600, -12 * 3600, 45 * 60]
        for _ in 0..<5_000 {
            // 1900 … 2100
            let s = Int64(rng.next() % 6_311_433_600) - 2_208_988_800
            let t = Instant(secondsSinceEpoch: s)
            for o in offsets {
                let text = t.iso(offsetSeconds: o)
                let back = try #require(Instant(iso: text), "\(text) does not parse back")
                #expect(back == t, "\(text) → \(back.secondsSinceEpoch), expected \(s)")
            }
        }
    }

    @Test("ordering and adding")
    func ordering() {
        let a = Instant(secondsSinceEpoch: 100)
        #expect(a < a.adding(seconds: 1))
        #expect(a.adding(seconds: 3600).secondsSinceEpoch == 3700)
        #expect(a.adding(seconds: -200).secondsSinceEpoch == -100)
    }
}

