import BundledData
import Foundation
import JSONKit
import PublicServices
import WorkCalendar

/// PS-VIOLATIONS-2025's demo service catalog bundled with the feature.
public enum ServiceCatalog {
    /// The passports of the services the seeds name (services.json), each with its JSON (sources and
    /// "illustrative" marks included).
    public static func bundled(zones: ZoneTable) throws(DataFileError) -> [(id: String, json: String, passport: ServicePassport)] {
        let data = try BundledData.resource("services", in: Bundle.module)
        do {
            return try data.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(InputError) -> [(id: String, json: String, passport: ServicePassport)] in
                var p = JSONParser(b)
                let root = try p.parseValue("$")
                let items = try Fields(root, path: "$").array("services")
                return try items.enumerated().map { (i, v) throws(InputError) in
                    let passport = try PublicServicesJSON.passport(v, "$.services[\(i)]", zones: zones)
                    return (passport.id, v.text, passport)
                }
            }
        } catch let e as InputError {
            throw DataFileError(file: "services.json", path: e.path, message: e.message)
        } catch {
            throw DataFileError(file: "services.json", path: "$", message: "\(error)")
        }
    }
}
