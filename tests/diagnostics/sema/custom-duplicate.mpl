custom name = "mpl::DnsName";
custom name = "mpl::Other";
packet p {
  n: name;
}
