/**
 * The registration schemas the fake Cloudflare Registrar serves at `/registrar/extensions/{name}`
 * and validates every `POST /registrations` body against, plus the small JSON Schema validator it
 * uses. The request shape is the SDK's `RegistrationCreateParams` (cloudflare 7.3.0): body fields
 * domain_name, years, auto_renew, privacy_mode, contacts {registrant, administrator, technical,
 * billing}, contact_extensions, acknowledgements; a contact is {email, phone `+CC.NUMBER`, fax?,
 * postal_info {name, organization?, address {street, city, state, postal_code, country_code}}}.
 * Per TLD: the term (SDK: 1–10 years, `.ai` at least 2), the contact roles the registry takes
 * (Nominet's .uk has only a registrant, CIRA's .ca no billing contact) and the registry's contact
 * extensions (.us nexus category and application purpose, .ca CIRA legal type, .uk registrant type).
 * Field keys are the fake's own: Cloudflare documents that the schema names them, not which they are.
 */

type Role = "registrant" | "administrator" | "technical" | "billing";
type Schema = Record<string, unknown>;

const ALL_ROLES: Role[] = ["registrant", "administrator", "technical", "billing"];

const contactSchema: Schema = {
  type: "object",
  additionalProperties: false,
  required: ["email", "phone", "postal_info"],
  properties: {
    email: { type: "string", format: "email", maxLength: 254 },
    phone: { type: "string", pattern: "^\\+[0-9]{1,3}\\.[0-9]{4,14}$" },
    fax: { type: "string", pattern: "^\\+[0-9]{1,3}\\.[0-9]{4,14}$" },
    postal_info: {
      type: "object",
      additionalProperties: false,
      required: ["name", "address"],
      properties: {
        name: { type: "string", minLength: 1, maxLength: 255 },
        organization: { type: "string", maxLength: 255 },
        address: {
          type: "object",
          additionalProperties: false,
          required: ["street", "city", "state", "postal_code", "country_code"],
          properties: {
            street: { type: "string", minLength: 1 },
            city: { type: "string", minLength: 1 },
            state: { type: "string", minLength: 1 },
            postal_code: { type: "string", minLength: 1 },
            country_code: { type: "string", pattern: "^[A-Z]{2}$" },
          },
        },
      },
    },
  },
};

const choice = (title: string, description: string, options: [string, string][]) => ({
  type: "string",
  title,
  description,
  oneOf: options.map(([value, label]) => ({ const: value, title: label })),
});

export function registrationSchema(opts: {
  minYears?: number;
  maxYears?: number;
  roles?: Role[];
  extensions?: { required: string[]; properties: Record<string, Schema> };
}): Schema {
  const roles = opts.roles ?? ALL_ROLES;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    additionalProperties: false,
    required: opts.extensions?.required.length ? ["domain_name", "contact_extensions"] : ["domain_name"],
    $defs: { contact: contactSchema },
    properties: {
      domain_name: { type: "string", minLength: 3, maxLength: 253 },
      years: { type: "integer", minimum: opts.minYears ?? 1, maximum: opts.maxYears ?? 10 },
      auto_renew: { type: "boolean" },
      privacy_mode: { type: "string", enum: ["off", "redaction"] },
      contacts: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(roles.map((r) => [r, { $ref: "#/$defs/contact" }])),
      },
      acknowledgements: { type: "object" },
      ...(opts.extensions
        ? {
            contact_extensions: {
              type: "object",
              additionalProperties: false,
              required: opts.extensions.required,
              properties: opts.extensions.properties,
            },
          }
        : {}),
    },
  };
}

const ukRegistrant = {
  required: ["uk_registrant_type"],
  properties: {
    uk_registrant_type: choice("Registrant type", "Nominet's legal type of the registrant", [
      ["IND", "UK individual"],
      ["LTD", "UK limited company"],
      ["PLC", "UK public limited company"],
      ["LLP", "UK limited liability partnership"],
      ["STRA", "UK sole trader"],
      ["FIND", "Non-UK individual"],
      ["FCORP", "Non-UK corporation"],
      ["OTHER", "Other UK entity"],
    ]),
    uk_company_number: {
      type: "string",
      title: "Company number",
      description: "Companies House number, for UK companies",
      pattern: "^[A-Z0-9]{8}$",
    },
  },
};

/** the specific schemas; any other TLD the fake sells gets registrationSchema({}) */
export function defaultExtensionSchemas(): Map<string, Schema> {
  return new Map<string, Schema>([
    ["com", registrationSchema({})],
    ["net", registrationSchema({})],
    ["io", registrationSchema({})],
    ["ai", registrationSchema({ minYears: 2, maxYears: 10 })],
    [
      "us",
      registrationSchema({
        extensions: {
          required: ["us_nexus_category", "us_app_purpose"],
          properties: {
            us_nexus_category: choice("Nexus category", "The registrant's tie to the United States", [
              ["C11", "US citizen"],
              ["C12", "US permanent resident"],
              ["C21", "US organisation"],
              ["C31", "Foreign entity with a bona fide US presence"],
              ["C32", "Foreign entity with a US office or property"],
            ]),
            us_app_purpose: choice("Purpose", "What the domain is used for", [
              ["P1", "Business for profit"],
              ["P2", "Non-profit"],
              ["P3", "Personal"],
              ["P4", "Education"],
              ["P5", "Government"],
            ]),
          },
        },
      }),
    ],
    [
      "ca",
      registrationSchema({
        roles: ["registrant", "administrator", "technical"],
        extensions: {
          required: ["ca_legal_type"],
          properties: {
            ca_legal_type: choice("Legal type", "CIRA's Canadian presence requirement", [
              ["CCT", "Canadian citizen"],
              ["RES", "Permanent resident of Canada"],
              ["CCO", "Canadian corporation"],
              ["ASS", "Canadian unincorporated association"],
              ["TRD", "Trade union"],
              ["GOV", "Government entity in Canada"],
            ]),
            ca_language: { type: "string", title: "Language", enum: ["en", "fr"] },
          },
        },
      }),
    ],
    ["uk", registrationSchema({ roles: ["registrant"], extensions: ukRegistrant })],
    ["co.uk", registrationSchema({ roles: ["registrant"], extensions: ukRegistrant })],
  ]);
}

/** The first place `value` breaks `schema`: a JSON pointer and a message; null when it fits. */
export function schemaError(root: Schema, value: unknown): { pointer: string; message: string } | null {
  return check(root, root, value, "");
}

/** "/contacts/registrant/phone" → "contacts.registrant.phone" */
const dotted = (pointer: string) => pointer.slice(1).replaceAll("/", ".") || "body";

function check(root: Schema, s: Schema, v: unknown, at: string): { pointer: string; message: string } | null {
  const ref = s.$ref;
  if (typeof ref === "string") {
    let target: unknown = root;
    for (const part of ref.replace(/^#\//, "").split("/")) target = (target as Schema)?.[part];
    return check(root, target as Schema, v, at);
  }
  const fail = (message: string, pointer = at) => ({
    pointer: pointer || "/",
    message: `${dotted(pointer)}: ${message}`,
  });
  const type = s.type;
  if (type === "object") {
    if (!v || typeof v !== "object" || Array.isArray(v)) return fail("must be an object");
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required ?? []) as string[]) {
      if (obj[key] === undefined) return fail("is required", `${at}/${key}`);
    }
    for (const [key, child] of Object.entries(obj)) {
      const sub = props[key];
      if (!sub) {
        if (s.additionalProperties === false) return fail("unknown field", `${at}/${key}`);
        continue;
      }
      const e = check(root, sub, child, `${at}/${key}`);
      if (e) return e;
    }
    return null;
  }
  if (type === "string" && typeof v !== "string") return fail("must be a string");
  if (type === "boolean" && typeof v !== "boolean") return fail("must be a boolean");
  if (type === "integer" && !(typeof v === "number" && Number.isInteger(v)))
    return fail("must be an integer");
  if (typeof v === "number") {
    if (typeof s.minimum === "number" && v < s.minimum) return fail(`must be at least ${s.minimum}`);
    if (typeof s.maximum === "number" && v > s.maximum) return fail(`must be at most ${s.maximum}`);
  }
  if (typeof v === "string") {
    if (typeof s.minLength === "number" && v.length < s.minLength) return fail("is too short");
    if (typeof s.maxLength === "number" && v.length > s.maxLength) return fail("is too long");
    if (typeof s.pattern === "string" && !new RegExp(s.pattern).test(v))
      return fail(`does not match ${s.pattern}`);
    if (s.format === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v))
      return fail("must be an email address");
  }
  if (Array.isArray(s.enum) && !s.enum.includes(v)) return fail(`must be one of ${s.enum.join(", ")}`);
  if (Array.isArray(s.oneOf)) {
    const allowed = (s.oneOf as Schema[]).map((o) => o.const);
    if (!allowed.includes(v)) return fail(`must be one of ${allowed.join(", ")}`);
  }
  return null;
}
