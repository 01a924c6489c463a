fn main() {
    std::process::exit(tlskit::cli::main());
}
