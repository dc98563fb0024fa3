custom name = "mpl::DnsName";
packet p {
  n: name[4];
}
