import { ValidationError } from "@crmkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { isoWithOffset, parseInstant, parseRange } from "@crmkit/core/scheduling";
import { leadSquaredDateTime, parseLeadSquaredDateTime } from "../src/time.js";

/** Every vendor format of one move, as the facade sends them. */
const convert = (start: Date | string, end: Date | string) => {
  const range = parseRange(start, end);
  return {
    iso: [isoWithOffset(range.start), isoWithOffset(range.end)],
    lsq: [leadSquaredDateTime(range.start, "start"), leadSquaredDateTime(range.end, "end")],
    minutes: (range.end.ms - range.start.ms) / 60_000,
  };
};

const zones = ["UTC", "Asia/Almaty", "Asia/Kolkata", "America/New_York", "Pacific/Chatham"];
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("time conversions are exact and independent of the machine's time zone", () => {
  it("the process time zone really changes under these tests (so a local-time bug would show)", () => {
    const offsets = zones.map((tz) => ((process.env.TZ = tz), new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()));
    expect(offsets).toEqual([0, -300, -330, 300, -825]);
  });

  const cases: [string, Date | string, Date | string, ReturnType<typeof convert>][] = [
    [
      "Asia/Kolkata (+05:30)",
      "2026-03-08T09:30:00+05:30",
      "2026-03-08T10:15:00+05:30",
      { iso: ["2026-03-08T09:30:00+05:30", "2026-03-08T10:15:00+05:30"], lsq: ["2026-03-08 04:00:00", "2026-03-08 04:45:00"], minutes: 45 },
    ],
    [
      "Asia/Almaty (+05:00 since March 2024)",
      "2026-01-15T09:00:00+05:00",
      "2026-01-15T09:30:00+05:00",
      { iso: ["2026-01-15T09:00:00+05:00", "2026-01-15T09:30:00+05:00"], lsq: ["2026-01-15 04:00:00", "2026-01-15 04:30:00"], minutes: 30 },
    ],
    [
      "Asia/Almaty before March 2024 (+06:00), across midnight UTC",
      "2024-02-01T05:30:00+06:00",
      "2024-02-01T06:30:00+06:00",
      { iso: ["2024-02-01T05:30:00+06:00", "2024-02-01T06:30:00+06:00"], lsq: ["2024-01-31 23:30:00", "2024-02-01 00:30:00"], minutes: 60 },
    ],
    [
      "America/New_York across the spring-forward switch (01:30 EST → 03:30 EDT is one hour)",
      "2026-03-08T01:30:00-05:00",
      "2026-03-08T03:30:00-04:00",
      { iso: ["2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00"], lsq: ["2026-03-08 06:30:00", "2026-03-08 07:30:00"], minutes: 60 },
    ],
    [
      "America/New_York across the fall-back switch (the same wall time twice, one hour apart)",
      "2026-11-01T01:30:00-04:00",
      "2026-11-01T01:30:00-05:00",
      { iso: ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"], lsq: ["2026-11-01 05:30:00", "2026-11-01 06:30:00"], minutes: 60 },
    ],
    [
      "Dates built from explicit instants go out in UTC",
      new Date(Date.UTC(2026, 2, 8, 6, 30)),
      new Date(Date.UTC(2026, 2, 8, 7, 30)),
      { iso: ["2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z"], lsq: ["2026-03-08 06:30:00", "2026-03-08 07:30:00"], minutes: 60 },
    ],
    [
      "a year before 100 (Date.UTC would read 99 as 1999)",
      "0099-12-31T23:00:00Z",
      "0100-01-01T01:00:00+01:00",
      { iso: ["0099-12-31T23:00:00Z", "0100-01-01T01:00:00+01:00"], lsq: ["0099-12-31 23:00:00", "0100-01-01 00:00:00"], minutes: 60 },
    ],
  ];

  for (const [name, start, end, expected] of cases) {
    it(name, () => {
      for (const tz of zones) {
        process.env.TZ = tz;
        expect({ tz, ...convert(start, end) }).toEqual({ tz, ...expected });
      }
    });
  }

  it("keeps the caller's offset, adds missing seconds, keeps milliseconds and upper-cases Z", () => {
    expect(isoWithOffset(parseInstant("2026-03-08T09:30+05:30", "start"))).toBe("2026-03-08T09:30:00+05:30");
    expect(isoWithOffset(parseInstant("2026-03-08t09:30:00.25z", "start"))).toBe("2026-03-08T09:30:00.250Z");
    expect(isoWithOffset(parseInstant("2026-03-08T09:30:00-00:00", "start"))).toBe("2026-03-08T09:30:00-00:00");
    expect(parseInstant("2026-03-08T09:30:00.123000+05:45", "start")).toEqual({ ms: Date.UTC(2026, 2, 8, 3, 45, 0, 123), offset: "+05:45", offsetMinutes: 345 });
  });
});

describe("bad times are ValidationErrors naming the field, before any network call", () => {
  const rejects = (value: unknown, field: string, rule: RegExp) => {
    let error: unknown;
    try {
      parseInstant(value, field);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, rule: expect.stringMatching(rule) });
  };

  it("a string without an offset (its instant would depend on the machine)", () => {
    rejects("2026-03-08T09:30:00", "start", /offset/);
    rejects("2026-03-08 09:30", "end", /offset/);
  });
  it("impossible dates, times and offsets", () => {
    for (const v of ["2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-04-31T10:00:00Z", "2026-03-08T24:00:00Z", "2026-03-08T10:60:00Z", "2026-03-08T10:00:60Z"]) {
      rejects(v, "start", /real calendar/);
    }
    rejects("2026-03-08T10:00:00+24:00", "start", /offset/);
    expect(parseInstant("2028-02-29T10:00:00Z", "start").ms).toBe(Date.UTC(2028, 1, 29, 10)); // a leap day is real
  });
  it("not a date at all", () => {
    rejects(new Date("not a date"), "start", /valid date/);
    rejects(1_772_951_400_000, "start", /Date or an ISO 8601/);
    rejects(undefined, "end", /Date or an ISO 8601/);
    rejects("", "start", /ISO 8601/);
    rejects("tomorrow", "start", /ISO 8601/);
    rejects("2026-03-08T09:30:00+0530", "start", /ISO 8601/);
    rejects(new Date(Date.UTC(10000, 0, 1)), "start", /0000-9999/);
  });
  it("more precision than a Date holds", () => {
    rejects("2026-03-08T09:30:00.1234Z", "start", /milliseconds/);
  });
  it("end not after start, compared as instants across offsets", () => {
    expect(() => parseRange("2026-03-08T10:00:00+05:30", "2026-03-08T04:30:00Z")).toThrow(expect.objectContaining({ field: "end", rule: "must be after start" }));
    expect(() => parseRange("2026-03-08T10:00:00Z", "2026-03-08T09:00:00Z")).toThrow(ValidationError);
    // 10:00 in Almaty is before 09:00 in London: a wall-clock comparison would get this wrong
    expect(parseRange("2026-03-08T10:00:00+05:00", "2026-03-08T09:00:00Z").end.ms - parseRange("2026-03-08T10:00:00+05:00", "2026-03-08T09:00:00Z").start.ms).toBe(4 * 3_600_000);
  });
  it("LeadSquared takes whole seconds: milliseconds are refused, not rounded", () => {
    expect(() => leadSquaredDateTime(parseInstant("2026-03-08T09:30:00.500Z", "start"), "start")).toThrow(
      expect.objectContaining({ field: "start", rule: "must be whole seconds for LeadSquared" }),
    );
  });
});

describe("LeadSquared response dates (UTC YYYY-MM-DD HH:MM:SS[.fff])", () => {
  it("reads them as UTC whatever the machine's zone", () => {
    for (const tz of zones) {
      process.env.TZ = tz;
      expect(parseLeadSquaredDateTime("2022-07-25 10:30:00.000")?.toISOString()).toBe("2022-07-25T10:30:00.000Z");
      expect(parseLeadSquaredDateTime("2022-02-23 13:15:00")?.toISOString()).toBe("2022-02-23T13:15:00.000Z");
      expect(parseLeadSquaredDateTime("2022-02-23 13:15:00.5")?.toISOString()).toBe("2022-02-23T13:15:00.500Z");
    }
  });
  it("treats 'never', malformed and impossible values as absent", () => {
    for (const v of ["0001-01-01 00:00:00.000", "2022-02-30 10:00:00", "2022-07-25T10:30:00Z", "/Date(1502992091000+0000)/", "", null, 5]) {
      expect(parseLeadSquaredDateTime(v)).toBeUndefined();
    }
  });
});
