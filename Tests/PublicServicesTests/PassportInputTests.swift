import BundledData
import Foundation
import PublicServicesFeature
import Testing

/// docs/reference/check.md v1.1's new passport fields, refused with a path when they cannot be read.
@Suite("Passport versions and refusal grounds: invalid input is named where it is")
struct PassportInputTests {
    static func failure(_ service: String) throws -> CheckRunner.Failure? {
        let calendar = try BundledData.calendar(overridesPath: nil, environment: [:])
        let doc = #"{"asOf": "2025-03-31T12:00:00+05:00", "services": ["# + service + #"], "applications": []}"#
        do {
            _ = try Array(doc.utf8).withUnsafeBytes { try CheckRunner.findings(bytes: $0, calendar: calendar) }
            return nil
        } catch let f as CheckRunner.Failure { return f }
    }

    static let base = #""id": "s", "term": {"workingDays": 5}"#

    @Test("versions out of date order, a version changing the id, a ground listed twice, a ground without text",
          arguments: [
            (#"{"# + base + #", "versions": [{"from": "2025-03-01", "term": {"workingDays": 3}}, {"from": "2025-02-01", "free": false}]}"#, "$.services[0].versions[1].from"),
            (#"{"# + base + #", "versions": [{"from": "2025-03-01", "term": {"workingDays": 3}}, {"from": "2025-03-01", "free": false}]}"#, "$.services[0].versions[1].from"),
            (#"{"# + base + #", "versions": [{"from": "2025-03-01", "id": "other"}]}"#, "$.services[0].versions[0].id"),
            (#"{"# + base + #", "versions": [{"term": {"workingDays": 3}}]}"#, "$.services[0].versions[0].from"),
            (#"{"# + base + #", "versions": [{"from": "2025-03-01", "term": {"weeks": 3}}]}"#, "$.services[0].versions[0].term"),
            (#"{"# + base + #", "refusalGrounds": [{"id": "g", "text": "a"}, {"id": "g", "text": "b"}]}"#, "$.services[0].refusalGrounds[1].id"),
            (#"{"# + base + #", "refusalGrounds": [{"id": "g"}]}"#, "$.services[0].refusalGrounds[0].text"),
            (#"{"# + base + #", "refusalGrounds": "g"}"#, "$.services[0].refusalGrounds"),
          ])
    func refused(_ service: String, _ path: String) throws {
        let f = try #require(try Self.failure(service), "accepted: \(service)")
        #expect(f.path.hasPrefix(path), "\(f.path): \(f.message)")
    }

    @Test("a version and listed grounds that read well are accepted")
    func accepted() throws {
        #expect(try Self.failure(#"{"# + Self.base + #", "refusalGrounds": [{"id": "g", "text": {"kk": "а", "ru": "а"}, "citation": "rules §9"}], "versions": [{"from": "2025-03-01", "term": {"workingDays": 3}, "refusalGrounds": []}]}"#) == nil)
    }
}
