#!/usr/bin/python3
"""Unit tests of the conformance suite's own logic: value normalisation,
rule pairing (mapping.py), tshark flattening (conformance.TsLayer) and a
few explanations, so that a bug here cannot hide a disagreement."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conformance  # noqa: E402
import explanations  # noqa: E402
import mapping  # noqa: E402


def ts_fields(text):
    """TsFields of one tshark protocol subtree given as JSON text."""
    pairs = json.loads(text, object_pairs_hook=lambda p: p)
    return conformance.merged_fields([conformance.TsLayer(pairs)])


def rule(protocol, name):
    return next(r for r in mapping.PROTOCOLS[protocol].rules if r.name == name)


class Normalisation(unittest.TestCase):
    def test_numbers(self):
        self.assertEqual(mapping.as_int("0x001f"), 31)
        self.assertEqual(mapping.as_int("31"), 31)
        self.assertEqual(mapping.as_int("00:00:01:00"), 256)
        self.assertEqual(mapping.as_int("not a number"), "not a number")

    def test_kinds(self):
        self.assertEqual(mapping.normal("0a1b", "hex"), mapping.normal("0a:1b", "hex", tshark=True))
        self.assertEqual(mapping.normal(".", "name"), mapping.normal("<Root>", "name", tshark=True))
        self.assertEqual(mapping.normal("6869", "text"), "hi")
        self.assertEqual(mapping.swap32(0x1E000000), 30)


class Pairing(unittest.TestCase):
    def test_scaled_field_agrees_and_a_wrong_one_does_not(self):
        r = rule("ipv4", "ip.hdr_len")
        ts = ts_fields('{"ip.hdr_len": "24"}')
        self.assertTrue(r.equal(r.mp_values([("ihl", 6)])[0], r.ts_values(ts)[0]))
        self.assertFalse(r.equal(r.mp_values([("ihl", 5)])[0], r.ts_values(ts)[0]))

    def test_variant_value_is_compared(self):
        r = rule("ipv4", "ip.proto")
        self.assertEqual(r.mp_values([("protocol", {"value": 17, "label": "UDP"})]), [17])

    def test_case_selection_follows_wire_order_across_layers(self):
        # Two BGP messages in one frame: the same paths twice.
        r = rule("bgp", "bgp.cap.mp.afi")
        cap = "optional_parameters.0.parameter.capabilities.0.capability."
        fields = [(cap + "code", {"value": 1, "label": "Multiprotocol"}), (cap + "afi", 2),
                  (cap + "code", {"value": 65, "label": "FourOctetAs"}), (cap + "as_number", 7),
                  (cap + "code", {"value": 1, "label": "Multiprotocol"}), (cap + "afi", 1)]
        self.assertEqual(r.mp_values(fields), [2, 1])

    def test_nsec_bitmap_types_are_not_record_types(self):
        ts = ts_fields('{"Answers": {"x: type NSEC": {"dns.resp.name": "x", "dns.resp.type": "47",'
                       ' "dns.nsec.next_domain_name": "y", "dns.resp.type": "1", "dns.resp.type": "28"},'
                       ' "y: type A": {"dns.resp.name": "y", "dns.resp.type": "1"}}}')
        self.assertEqual(rule("dns", "dns.resp.type").ts_values(ts), ["47", "1"])

    def test_dhcp_end_option_gets_its_type_back(self):
        ts = ts_fields('{"o1": {"dhcp.option.type": "53"}, "o2": {"dhcp.option.type": "0",'
                       ' "dhcp.option.type_tree": {"dhcp.option.end": "255"}}}')
        self.assertEqual(rule("dhcp", "dhcp.option.type").ts_values(ts), ["53", "255"])

    def test_nested_protocols_are_not_flattened_into_the_outer_one(self):
        layer = conformance.TsLayer(json.loads('{"icmp.type": "3", "ip": {"ip.src": "1.2.3.4"}}',
                                               object_pairs_hook=lambda p: p))
        self.assertEqual([e[2] for e in layer.entries], ["icmp.type"])


class Explanations(unittest.TestCase):
    def disagreement(self, protocol, field, mp, ts, ts_frame):
        return conformance.disagreement("value", "dns/x.pcap", 1, protocol, field, mp=mp, ts=ts,
                                        context={"ts_frame": ts_frame, "mp_frame": {"layers": []},
                                                 "malformed": False, "rejected_before": []})

    def test_mdns_class_bit_is_explained_only_for_mdns(self):
        mdns = {"mdns": [conformance.TsLayer([])]}
        self.assertIsNotNone(explanations.explain(self.disagreement("dns", "dns.resp.class", 0x8001, "0x0001", mdns)))
        self.assertIsNone(explanations.explain(self.disagreement("dns", "dns.resp.class", 0x8001, "0x0001", {})))
        self.assertIsNone(explanations.explain(self.disagreement("dns", "dns.resp.class", 0x8002, "0x0001", mdns)))

    def test_an_ordinary_value_disagreement_is_not_explained(self):
        self.assertIsNone(explanations.explain(self.disagreement("ipv4", "ip.ttl", 64, "63", {})))


if __name__ == "__main__":
    unittest.main()
