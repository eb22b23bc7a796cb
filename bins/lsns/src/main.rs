fn main() -> std::process::ExitCode {
    lsns::run(std::env::args_os())
}
