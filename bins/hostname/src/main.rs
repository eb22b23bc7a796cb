fn main() -> std::process::ExitCode {
    hostname::run(std::env::args_os())
}
